package bnlab.run;

import ai.djl.Model;
import bnlab.io.AtomicFiles;
import bnlab.model.LeNet;
import bnlab.model.Variant;
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
 * run continues exactly. The directory appears with its first checkpoint complete (written into a
 * hidden sibling, then renamed), so a run that fails or is killed before that leaves no run; every
 * later file is replaced atomically.
 */
public final class RunDirectory {

    /** The model name of the parameter files. */
    public static final String MODEL_NAME = "lenet";

    /** File holding the run's settings. */
    public static final String CONFIG_FILE = "config.json";

    /** File holding the per-epoch metrics. */
    public static final String METRICS_JSON = "metrics.json";

    /** The same metrics as CSV. */
    public static final String METRICS_CSV = "metrics.csv";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path path;

    private RunDirectory(Path path) {
        this.path = path;
    }

    /** A new LeNet of {@code variant}, not yet initialised, under the name its checkpoints use. */
    public static Model newLeNetModel(Variant variant) {
        Model model = Model.newInstance(MODEL_NAME);
        model.setBlock(LeNet.builder().setVariant(variant).build());
        return model;
    }

    /**
     * Checks that {@code path} can take a new run without overwriting anything: it must not exist,
     * or be an empty directory. Creates nothing.
     *
     * @throws IllegalArgumentException beginning with the path, saying what is wrong with it
     */
    public static RunDirectory prepare(Path path) throws IOException {
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new IllegalArgumentException(
                    path + " is a file, expected a new or empty directory");
        }
        if (Files.isDirectory(path)) {
            try (Stream<Path> entries = Files.list(path)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(
                            path
                                    + " is not empty; choose a new directory so no"
                                    + " earlier run is overwritten");
                }
            }
        }
        checkCreatable(path);
        removeStaleFirstCheckpoints(path);
        return new RunDirectory(path);
    }

    /**
     * The directory is only created with the first checkpoint, so find out now, not after an epoch
     * of training, whether it can be: its nearest existing ancestor must be a directory in which a
     * directory can be made. Probing by making one (then removing it) also catches what permission
     * bits do not show, such as a read-only file system or root on {@code /proc}.
     */
    /** A first checkpoint a killed run of the same name left half-written beside {@code run}. */
    private static void removeStaleFirstCheckpoints(Path run) throws IOException {
        Path parent = run.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            return;
        }
        String prefix = firstCheckpointPrefix(run);
        try (Stream<Path> siblings = Files.list(parent)) {
            for (Path p : (Iterable<Path>) siblings::iterator) {
                if (p.getFileName().toString().startsWith(prefix)) {
                    deleteTree(p);
                }
            }
        }
    }

    private static void checkCreatable(Path path) throws IOException {
        // the run is created by renaming a sibling into place: its parent must take new entries
        Path ancestor = path.toAbsolutePath().getParent();
        while (!Files.exists(ancestor)) {
            ancestor = ancestor.getParent();
        }
        if (!Files.isDirectory(ancestor)) {
            throw new IllegalArgumentException(
                    path
                            + ": "
                            + ancestor
                            + " is a file, so the run directory cannot be created under it");
        }
        try {
            Files.delete(Files.createTempDirectory(ancestor, ".bnlab-probe-"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(
                    path
                            + " is not writable: cannot"
                            + " create a directory in "
                            + ancestor
                            + " ("
                            + e.getClass().getSimpleName()
                            + ")",
                    e);
        }
    }

    /**
     * The directory of a saved run, to append checkpoints to when training resumes: each new
     * checkpoint rewrites the metrics with every epoch so far, as for a new run.
     */
    public static RunDirectory reopen(SavedRun run) throws IOException {
        removeStaleTemporaries(run.directory());
        return new RunDirectory(run.directory());
    }

    /**
     * Deletes what a killed writer leaves behind: {@code .NAME.UUID.part} files of {@link
     * AtomicFiles} and {@code .checkpoint-*} staging directories. Never a complete file: those only
     * ever appear under their final names.
     */
    private static void removeStaleTemporaries(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(".checkpoint-") && Files.isDirectory(p)) {
                    deleteTree(p);
                } else if (name.startsWith(".") && name.endsWith(".part")) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The directory. */
    public Path path() {
        return path;
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
     * Writes the checkpoint of a completed epoch: parameters and optimizer state first, then the
     * metrics that describe them, then the settings (so a directory with metrics always has their
     * weights and optimizer state).
     *
     * @param optimizerState the encoded optimizer state after this epoch, or {@code null} for none
     * @param settings what {@code config.json} holds
     * @param metrics every completed epoch so far, the last one being this checkpoint's
     */
    public void writeCheckpoint(
            Model model, byte[] optimizerState, RunConfig settings, List<EpochMetrics> metrics)
            throws IOException {
        if (Files.isRegularFile(path.resolve(METRICS_JSON))) {
            writeInto(path, model, optimizerState, settings, metrics);
            return;
        }
        // The first checkpoint creates the run: it is written whole into a hidden sibling that is
        // then renamed to the run's name (replacing the empty directory a user may have named), so
        // a kill leaves either no run or one with a complete checkpoint, never a bare file.
        Path parent = path.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path first = Files.createTempDirectory(parent, firstCheckpointPrefix(path));
        try {
            writeInto(first, model, optimizerState, settings, metrics);
            AtomicFiles.move(first, path);
        } finally {
            deleteTree(first);
        }
    }

    /** Parameters and optimizer state first, then the metrics that name them, then the settings. */
    private static void writeInto(
            Path dir,
            Model model,
            byte[] optimizerState,
            RunConfig settings,
            List<EpochMetrics> metrics)
            throws IOException {
        int epoch = metrics.get(metrics.size() - 1).epoch();
        Path staging = Files.createTempDirectory(dir, ".checkpoint-");
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
            deleteTree(staging);
        }
        AtomicFiles.write(dir.resolve(METRICS_JSON), RunMetrics.toJson(metrics));
        AtomicFiles.write(dir.resolve(METRICS_CSV), RunMetrics.toCsv(metrics));
        AtomicFiles.write(dir.resolve(CONFIG_FILE), settings.toJson());
    }

    private static String firstCheckpointPrefix(Path run) {
        return "." + run.getFileName() + ".first-";
    }

    /**
     * Deletes {@code dir} and the files in it, if it still exists (staging holds no subfolders).
     */
    private static void deleteTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                deleteTree(p);
                Files.deleteIfExists(p);
            }
        }
        Files.delete(dir);
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
