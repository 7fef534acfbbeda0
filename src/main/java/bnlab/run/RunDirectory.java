package bnlab.run;

import ai.djl.Model;
import bnlab.io.AtomicFiles;
import bnlab.io.DirectoryClaim;
import bnlab.io.DirectoryInUseException;
import bnlab.model.LeNet;
import bnlab.model.NetworkConfig;
import bnlab.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The directory a training run writes: {@code config.json} (every setting and the versions), {@code
 * metrics.json} and {@code metrics.csv} (one row per epoch) and one checkpoint per epoch: {@code
 * lenet-0001.params} ... in DJL's format, loadable with {@code Model.load(dir, "lenet")} after
 * building the same block, and beside each the optimizer's state, {@code optimizer-0001.ndlist} ...
 * (an encoded {@code NDList}, see {@link bnlab.train.ResumableAdam#encodeState}), so that a resumed
 * run continues exactly.
 *
 * <p>A run claims its directory before training starts ({@link DirectoryClaim}), so a second
 * process naming the same directory is refused, and checks before each checkpoint that it is still
 * its own. Checkpoints are written into the directory itself (so an empty directory the user names,
 * even {@code .} or a mount point, takes the run), each file atomically, {@code metrics.json} after
 * the parameters, optimizer state and settings (its spreadsheet copy {@code metrics.csv} follows):
 * a directory with {@code metrics.json} always has that epoch's parameters, optimizer state and
 * settings. A run closed before its first checkpoint leaves no directory (an empty one the user
 * named stays empty).
 */
public final class RunDirectory implements AutoCloseable {

    /** The model name of the parameter files. */
    public static final String MODEL_NAME = "lenet";

    /** File holding the run's settings. */
    public static final String CONFIG_FILE = "config.json";

    /** File holding the per-epoch metrics. */
    public static final String METRICS_JSON = "metrics.json";

    /** The same metrics as CSV. */
    public static final String METRICS_CSV = "metrics.csv";

    private static final String STAGING_PREFIX = ".checkpoint-";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final DirectoryClaim claim;

    private RunDirectory(DirectoryClaim claim) {
        this.claim = claim;
    }

    /** A new LeNet of {@code network}, not yet initialised, under the name its checkpoints use. */
    public static Model newLeNetModel(NetworkConfig network) {
        Model model = Model.newInstance(MODEL_NAME);
        model.setBlock(LeNet.builder().setConfig(network).build());
        return model;
    }

    /**
     * Claims {@code path} for a new run: creates it, or takes it if it is an empty directory.
     *
     * @throws IllegalArgumentException beginning with the path if it is a file, lies under a file,
     *     cannot be written or is not empty ({@link DirectoryInUseException} if another process is
     *     writing there)
     */
    public static RunDirectory create(Path path) {
        return new RunDirectory(DirectoryClaim.claimEmpty(path, RunDirectory::isStaging));
    }

    /**
     * Claims a new directory of the default name {@code runs/<kind>-<yyyyMMdd-HHmmss>} (relative to
     * the working directory), numbered {@code -2}, {@code -3} ... if that exists.
     */
    public static RunDirectory createDefault(String kind) {
        return new RunDirectory(DirectoryClaim.claimNew(defaultPath(kind)));
    }

    /**
     * The directory of a saved run, claimed to append checkpoints to when training resumes: each
     * new checkpoint rewrites the metrics with every epoch so far, as for a new run. Deletes what a
     * killed writer left: {@code .NAME.UUID.part} files of {@link AtomicFiles} and {@code
     * .checkpoint-*} staging directories (never a complete file: those only ever appear under their
     * final names).
     *
     * @throws DirectoryInUseException if another process is writing the run
     * @throws SavedRunException if the run changed since {@code run} was read
     */
    public static RunDirectory reopen(SavedRun run) throws IOException {
        DirectoryClaim claim = DirectoryClaim.claim(run.directory());
        try {
            try (Stream<Path> entries = Files.list(run.directory())) {
                for (Path p : (Iterable<Path>) entries::iterator) {
                    String name = p.getFileName().toString();
                    if (isStaging(name) || AtomicFiles.isPartial(name)) {
                        DirectoryClaim.deleteTree(p);
                    }
                }
            }
            int now = SavedRun.open(run.directory()).lastEpoch();
            if (now != run.lastEpoch()) {
                throw new SavedRunException(
                        run.directory()
                                + ": changed while starting (now "
                                + now
                                + " epochs, was "
                                + run.lastEpoch()
                                + "); run the command again");
            }
            return new RunDirectory(claim);
        } catch (IOException | RuntimeException e) {
            claim.close();
            throw e;
        }
    }

    private static boolean isStaging(String name) {
        return name.startsWith(STAGING_PREFIX);
    }

    /** The directory. */
    public Path path() {
        return claim.directory();
    }

    /**
     * Releases the directory; if no checkpoint was written into a directory this run created, it is
     * removed.
     */
    @Override
    public void close() {
        claim.close();
    }

    /**
     * Writes the checkpoint of parameters that no optimizer will continue from (a folded network):
     * as {@link #writeCheckpoint(Model, byte[], RunConfig, List)} without an optimizer file.
     */
    public void writeCheckpoint(Model model, RunConfig settings, List<EpochMetrics> metrics)
            throws IOException {
        writeCheckpoint(model, null, settings, metrics);
    }

    /**
     * Writes the checkpoint of a completed epoch, after checking that the directory is still this
     * run's: parameters and optimizer state first, then the settings, then the metrics that name
     * them.
     *
     * @param optimizerState the encoded optimizer state after this epoch, or {@code null} for none
     * @param settings what {@code config.json} holds
     * @param metrics every completed epoch so far, the last one being this checkpoint's
     */
    public void writeCheckpoint(
            Model model, byte[] optimizerState, RunConfig settings, List<EpochMetrics> metrics)
            throws IOException {
        claim.check();
        Path dir = path();
        int epoch = metrics.get(metrics.size() - 1).epoch();
        Path staging = Files.createTempDirectory(dir, STAGING_PREFIX);
        try {
            model.setProperty("Epoch", Integer.toString(epoch));
            model.save(staging, MODEL_NAME);
            String file = parameterFileName(epoch);
            AtomicFiles.move(staging.resolve(file), dir.resolve(file));
            if (optimizerState != null) {
                String state = optimizerFileName(epoch);
                Files.write(staging.resolve(state), optimizerState);
                AtomicFiles.move(staging.resolve(state), dir.resolve(state));
            }
        } finally {
            DirectoryClaim.deleteTree(staging);
        }
        AtomicFiles.write(dir.resolve(CONFIG_FILE), settings.toJson());
        // metrics.json after what it names: it is what makes the epoch part of the run
        AtomicFiles.write(dir.resolve(METRICS_JSON), RunMetrics.toJson(metrics));
        AtomicFiles.write(dir.resolve(METRICS_CSV), RunMetrics.toCsv(metrics));
    }

    /**
     * Where a run goes when the user names no directory: {@code runs/<kind>-<yyyyMMdd-HHmmss>},
     * relative to the working directory.
     */
    public static Path defaultPath(String kind) {
        return Path.of("runs", kind + "-" + LocalDateTime.now().format(STAMP));
    }

    /** The file holding the optimizer's state after {@code epoch}. */
    public static String optimizerFileName(int epoch) {
        return String.format(Locale.ROOT, "optimizer-%04d.ndlist", epoch);
    }

    /** The parameter file DJL writes for {@code epoch}. */
    public static String parameterFileName(int epoch) {
        return String.format(Locale.ROOT, "%s-%04d.params", MODEL_NAME, epoch);
    }
}
