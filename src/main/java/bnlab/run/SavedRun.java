package bnlab.run;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.nn.SequentialBlock;
import bnlab.model.LeNet;
import bnlab.model.NetworkConfig;
import bnlab.nn.ScratchBatchNorm;
import bnlab.train.ClassifierTrainer;
import bnlab.train.EpochMetrics;
import bnlab.train.TrainingConfig;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A training run saved by {@link RunDirectory}, read back: its settings ({@code config.json}), its
 * per-epoch metrics ({@code metrics.json}) and, on request, one epoch's parameters loaded into a
 * freshly built LeNet of the run's network.
 *
 * <p>Every problem is a {@link SavedRunException} whose one-line message names the file and why it
 * cannot be used.
 */
public final class SavedRun {

    /**
     * Optional object in {@code config.json} with {@link ScratchBatchNorm} options; each absent
     * option keeps the builder's default, except {@code affine}, which keeps the network's. Keys:
     * {@code epsilon}, {@code momentum}, {@code unbiasedRunningVariance}, {@code
     * cumulativeAverage}, {@code affine}, {@code trackRunningStatistics}, {@code freezeStatistics},
     * {@code freezeAffine}.
     */
    public static final String SCRATCH_OPTIONS = "scratchBatchNorm";

    private final Path directory;
    private final RunConfig config;
    private final NetworkConfig network;
    private final List<EpochMetrics> metrics;

    private SavedRun(
            Path directory, RunConfig config, NetworkConfig network, List<EpochMetrics> metrics) {
        this.directory = directory;
        this.config = config;
        this.network = network;
        this.metrics = metrics;
    }

    /**
     * Reads and checks the run in {@code directory}, the one check every command that reads a run
     * makes before any work: {@code config.json} (a valid network, valid batch-norm options), every
     * entry of {@code metrics.json} (finite, in range, in order), and the parameter file of the
     * last epoch (present and not empty). {@link #loadModel} checks the parameters' contents.
     *
     * @throws SavedRunException if the directory is missing, is not a run directory, or one of its
     *     files is missing, unreadable or inconsistent
     */
    public static SavedRun open(Path directory) {
        if (!Files.exists(directory)) {
            throw new SavedRunException(directory + ": no such run directory");
        }
        if (!Files.isDirectory(directory)) {
            throw new SavedRunException(directory + ": not a directory, expected a run directory");
        }
        Path configFile = directory.resolve(RunDirectory.CONFIG_FILE);
        if (!Files.isRegularFile(configFile)) {
            throw new SavedRunException(
                    directory + ": not a run directory (no " + RunDirectory.CONFIG_FILE + ")");
        }
        RunConfig config = RunConfig.read(configFile);
        SavedRun run = new SavedRun(directory, config, config.network(), readMetrics(directory));
        run.scratchFactory();
        Path parameters = run.parameterFile(run.lastEpoch());
        try {
            if (!Files.isRegularFile(parameters) || Files.size(parameters) == 0) {
                throw new SavedRunException(
                        parameters
                                + ": missing or empty (the parameters of epoch "
                                + run.lastEpoch()
                                + ", the last one "
                                + RunDirectory.METRICS_JSON
                                + " names)");
            }
        } catch (IOException e) {
            throw new SavedRunException(parameters + ": unreadable (" + e.getMessage() + ")", e);
        }
        return run;
    }

    /** The run directory. */
    public Path directory() {
        return directory;
    }

    /** The network the run trained. */
    public NetworkConfig network() {
        return network;
    }

    /** The completed epochs, in order 1..{@link #lastEpoch()}. */
    public List<EpochMetrics> metrics() {
        return metrics;
    }

    /** The last completed epoch, the one with the newest checkpoint. */
    public int lastEpoch() {
        return metrics.get(metrics.size() - 1).epoch();
    }

    /** Its {@code config.json}, unknown keys included (e.g. to carry them into a rewrite). */
    public RunConfig config() {
        return config;
    }

    /**
     * The run's training settings from {@code config.json}, with {@code threads} (a property of the
     * machine, not of the run).
     *
     * @throws SavedRunException naming {@code config.json} if a setting is missing or invalid
     */
    public TrainingConfig trainingConfig(int threads) {
        try {
            return config.trainingConfig(threads);
        } catch (IllegalArgumentException e) {
            throw new SavedRunException(configFile() + ": " + e.getMessage(), e);
        }
    }

    /** The parameter file of {@code epoch}. */
    public Path parameterFile(int epoch) {
        return directory.resolve(RunDirectory.parameterFileName(epoch));
    }

    /**
     * The optimizer-state file of {@code epoch}, beside its parameters; absent in runs saved before
     * bnlab wrote it and in folded runs.
     */
    public Path optimizerFile(int epoch) {
        return directory.resolve(RunDirectory.optimizerFileName(epoch));
    }

    /**
     * A new model holding the parameters of {@code epoch} in a freshly built LeNet of the run's
     * network (with the {@link #SCRATCH_OPTIONS} recorded, if any). Use it for inference with
     * {@code training = false}, which normalises with the moving statistics, or give it to a {@link
     * ClassifierTrainer}: initialisation keeps loaded parameters. The caller closes it.
     *
     * @throws SavedRunException naming the parameter file if it is missing, truncated, corrupt, or
     *     holds parameters of another network or architecture
     */
    public Model loadModel(int epoch) {
        return loadModel(epoch, config.get(SCRATCH_OPTIONS));
    }

    /**
     * {@link #loadModel(int)} with {@code scratchOptions} (a {@link #SCRATCH_OPTIONS} object, or
     * {@code null} for the network's own) instead of the run's: for layers that differ only in
     * behaviour, such as freezing.
     */
    Model loadModel(int epoch, JsonElement scratchOptions) {
        Path file = parameterFile(epoch);
        if (!Files.isRegularFile(file)) {
            throw new SavedRunException(
                    file
                            + ": missing (the parameters of epoch "
                            + epoch
                            + "; the run has epochs 1.."
                            + lastEpoch()
                            + ")");
        }
        SequentialBlock block = newBlock(scratchFactory(scratchOptions));
        Model model = Model.newInstance(RunDirectory.MODEL_NAME);
        try {
            model.setBlock(block);
            model.load(directory, RunDirectory.MODEL_NAME, Map.of("epoch", epoch));
            checkShapes(file, block, newBlock(scratchFactory()));
            return model;
        } catch (SavedRunException e) {
            model.close();
            throw e;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new SavedRunException(
                    file
                            + ": not loadable as the parameters of the "
                            + network.label()
                            + " LeNet config.json names: truncated, corrupt, or of another network ("
                            + e.getClass().getSimpleName()
                            + (e.getMessage() == null
                                    ? ""
                                    : ": " + e.getMessage().lines().findFirst().orElse(""))
                            + ")",
                    e);
        }
    }

    /** {@link #loadModel(int)} of the last completed epoch. */
    public Model loadModel() {
        return loadModel(lastEpoch());
    }

    /**
     * DJL loads whatever shapes a file holds; a file of another network must not pass unnoticed.
     */
    private void checkShapes(Path file, SequentialBlock loaded, SequentialBlock reference) {
        try (NDManager manager = NDManager.newBaseManager()) {
            reference.initialize(manager, DataType.FLOAT32, LeNet.inputShape(1));
            ParameterList expected = reference.getParameters();
            ParameterList found = loaded.getParameters();
            for (int i = 0; i < expected.size(); i++) {
                String name = expected.keyAt(i);
                Shape want = expected.valueAt(i).getArray().getShape();
                Parameter have = found.valueAt(i);
                Shape got = have.isInitialized() ? have.getArray().getShape() : null;
                if (!want.equals(got)) {
                    throw new SavedRunException(
                            file
                                    + ": parameters do not match a "
                                    + network.label()
                                    + " LeNet as config.json says ("
                                    + name
                                    + ": expected shape "
                                    + want
                                    + ", found "
                                    + (got == null ? "none" : got)
                                    + ")");
                }
            }
        }
    }

    private SequentialBlock newBlock(Supplier<ScratchBatchNorm> factory) {
        LeNet.Builder builder = LeNet.builder().setConfig(network);
        if (factory != null) {
            builder.optScratchBatchNorm(factory);
        }
        return builder.build();
    }

    private Supplier<ScratchBatchNorm> scratchFactory() {
        return scratchFactory(config.get(SCRATCH_OPTIONS));
    }

    private Supplier<ScratchBatchNorm> scratchFactory(JsonElement element) {
        if (element == null) {
            return null; // LeNet builds the network's own, affine as the network says
        }
        Path file = configFile();
        if (!element.isJsonObject()) {
            throw new SavedRunException(file + ": " + SCRATCH_OPTIONS + " must be an object");
        }
        JsonObject options = element.getAsJsonObject();
        Supplier<ScratchBatchNorm> factory =
                () -> {
                    // the network's affine, unless the options say otherwise
                    ScratchBatchNorm.Builder b =
                            ScratchBatchNorm.builder().optAffine(network.learnedAffine());
                    for (Map.Entry<String, JsonElement> e : options.entrySet()) {
                        JsonElement v = e.getValue();
                        switch (e.getKey()) {
                            case "epsilon" -> b.optEpsilon(v.getAsFloat());
                            case "momentum" -> b.optMomentum(v.getAsFloat());
                            case "unbiasedRunningVariance" ->
                                    b.optUnbiasedRunningVariance(v.getAsBoolean());
                            case "cumulativeAverage" -> {
                                if (v.getAsBoolean()) {
                                    b.optCumulativeAverage();
                                }
                            }
                            case "affine" -> b.optAffine(v.getAsBoolean());
                            case "trackRunningStatistics" ->
                                    b.optTrackRunningStatistics(v.getAsBoolean());
                            case "freezeStatistics" -> b.optFreezeStatistics(v.getAsBoolean());
                            case "freezeAffine" -> b.optFreezeAffine(v.getAsBoolean());
                            default ->
                                    throw new IllegalArgumentException(
                                            "unknown "
                                                    + SCRATCH_OPTIONS
                                                    + " option '"
                                                    + e.getKey()
                                                    + "'");
                        }
                    }
                    return b.build();
                };
        try {
            factory.get(); // fail here, naming the file, rather than half-way through building
        } catch (RuntimeException e) {
            throw new SavedRunException(file + ": " + e.getMessage(), e);
        }
        return factory;
    }

    private Path configFile() {
        return directory.resolve(RunDirectory.CONFIG_FILE);
    }

    private static List<EpochMetrics> readMetrics(Path directory) {
        Path file = directory.resolve(RunDirectory.METRICS_JSON);
        if (!Files.isRegularFile(file)) {
            throw new SavedRunException(
                    file
                            + ": missing (a run directory has it from its first epoch on; a run"
                            + " still in its first epoch, or stopped in it, has none yet)");
        }
        List<EpochMetrics> metrics = RunMetrics.read(file);
        if (metrics.isEmpty()) {
            throw new SavedRunException(file + ": expected a non-empty 'epochs' array");
        }
        return metrics;
    }
}
