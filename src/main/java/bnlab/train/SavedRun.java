package bnlab.train;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.nn.SequentialBlock;
import bnlab.model.LeNet;
import bnlab.model.Variant;
import bnlab.nn.ScratchBatchNorm;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A training run saved by {@link RunDirectory}, read back: its settings ({@code config.json}), its
 * per-epoch metrics ({@code metrics.json}) and, on request, one epoch's parameters loaded into a
 * freshly built LeNet of the run's variant.
 *
 * <p>Every problem is a {@link SavedRunException} whose one-line message names the file and why it
 * cannot be used.
 */
public final class SavedRun {

    /**
     * Optional object in {@code config.json} with {@link ScratchBatchNorm} options; each absent
     * option keeps the builder's default. Keys: {@code epsilon}, {@code momentum}, {@code
     * unbiasedRunningVariance}, {@code cumulativeAverage}, {@code affine}, {@code
     * trackRunningStatistics}.
     */
    public static final String SCRATCH_OPTIONS = "scratchBatchNorm";

    private static final Gson GSON = new Gson();

    private final Path directory;
    private final JsonObject config;
    private final Variant variant;
    private final List<EpochMetrics> metrics;

    private SavedRun(
            Path directory, JsonObject config, Variant variant, List<EpochMetrics> metrics) {
        this.directory = directory;
        this.config = config;
        this.variant = variant;
        this.metrics = metrics;
    }

    /**
     * Reads and checks the settings and metrics of the run in {@code directory}; loads no
     * parameters yet.
     *
     * @throws SavedRunException if the directory is missing, is not a run directory, or its {@code
     *     config.json} or {@code metrics.json} is unreadable or inconsistent
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
        JsonObject config = readObject(configFile);
        Variant variant;
        try {
            variant = Variant.parse(string(configFile, config, "variant"));
        } catch (IllegalArgumentException e) {
            throw new SavedRunException(configFile + ": " + e.getMessage(), e);
        }
        return new SavedRun(directory, config, variant, readMetrics(directory));
    }

    /** The run directory. */
    public Path directory() {
        return directory;
    }

    /** The LeNet variant the run trained. */
    public Variant variant() {
        return variant;
    }

    /** The completed epochs, in order 1..{@link #lastEpoch()}. */
    public List<EpochMetrics> metrics() {
        return metrics;
    }

    /** The last completed epoch, the one with the newest checkpoint. */
    public int lastEpoch() {
        return metrics.get(metrics.size() - 1).epoch();
    }

    /** A copy of {@code config.json}, key by key (e.g. to carry unknown keys into a rewrite). */
    public Map<String, Object> settings() {
        Map<String, Object> copy = new LinkedHashMap<>();
        config.deepCopy().entrySet().forEach(e -> copy.put(e.getKey(), e.getValue()));
        return copy;
    }

    /**
     * The run's training settings from {@code config.json}, with {@code threads} (a property of the
     * machine, not of the run).
     *
     * @throws SavedRunException naming {@code config.json} if a setting is missing or invalid
     */
    public TrainingConfig trainingConfig(int threads) {
        Path file = configFile();
        try {
            JsonElement limit = config.get("limitBatches");
            return new TrainingConfig(
                    variant,
                    number(file, "epochs").intValue(),
                    number(file, "batchSize").intValue(),
                    number(file, "learningRate").floatValue(),
                    OptimizerKind.parse(string(file, config, "optimizer")),
                    number(file, "seed").longValue(),
                    limit == null || limit.isJsonNull() ? null : limit.getAsInt(),
                    threads);
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new SavedRunException(file + ": " + e.getMessage(), e);
        }
    }

    /** The parameter file of {@code epoch}. */
    public Path parameterFile(int epoch) {
        return directory.resolve(RunDirectory.parameterFileName(epoch));
    }

    /**
     * A new model holding the parameters of {@code epoch} in a freshly built LeNet of the run's
     * variant (with the {@link #SCRATCH_OPTIONS} recorded, if any). Use it for inference with
     * {@code training = false}, which normalises with the moving statistics, or give it to a {@link
     * ClassifierTrainer}: initialisation keeps loaded parameters. The caller closes it.
     *
     * @throws SavedRunException naming the parameter file if it is missing, truncated, corrupt, or
     *     holds parameters of another variant or architecture
     */
    public Model loadModel(int epoch) {
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
        SequentialBlock block = newBlock();
        Model model = Model.newInstance(RunDirectory.MODEL_NAME);
        try {
            model.setBlock(block);
            model.load(directory, RunDirectory.MODEL_NAME, Map.of("epoch", epoch));
            checkShapes(file, block);
            return model;
        } catch (SavedRunException e) {
            model.close();
            throw e;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new SavedRunException(
                    file
                            + ": not loadable as the parameters of the "
                            + variant
                            + " LeNet config.json names: truncated, corrupt, or of another variant ("
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
     * DJL loads whatever shapes a file holds; a file of another variant must not pass unnoticed.
     */
    private void checkShapes(Path file, SequentialBlock loaded) {
        SequentialBlock reference = newBlock();
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
                                    + variant
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

    private SequentialBlock newBlock() {
        return LeNet.builder().setVariant(variant).optScratchBatchNorm(scratchFactory()).build();
    }

    private Supplier<ScratchBatchNorm> scratchFactory() {
        JsonElement element = config.get(SCRATCH_OPTIONS);
        if (element == null || element.isJsonNull()) {
            return () -> ScratchBatchNorm.builder().build();
        }
        Path file = configFile();
        if (!element.isJsonObject()) {
            throw new SavedRunException(file + ": " + SCRATCH_OPTIONS + " must be an object");
        }
        JsonObject options = element.getAsJsonObject();
        Supplier<ScratchBatchNorm> factory =
                () -> {
                    ScratchBatchNorm.Builder b = ScratchBatchNorm.builder();
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

    private Number number(Path file, String key) {
        JsonElement v = config.get(key);
        if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
            throw new SavedRunException(file + ": '" + key + "' missing or not a number");
        }
        return v.getAsNumber();
    }

    private static String string(Path file, JsonObject object, String key) {
        JsonElement v = object.get(key);
        if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
            throw new SavedRunException(file + ": '" + key + "' missing or not a string");
        }
        return v.getAsString();
    }

    private static List<EpochMetrics> readMetrics(Path directory) {
        Path file = directory.resolve(RunDirectory.METRICS_JSON);
        if (!Files.isRegularFile(file)) {
            throw new SavedRunException(
                    file + ": missing (a run directory has it from its first" + " epoch on)");
        }
        JsonElement epochs = readObject(file).get("epochs");
        if (epochs == null || !epochs.isJsonArray() || epochs.getAsJsonArray().isEmpty()) {
            throw new SavedRunException(file + ": expected a non-empty 'epochs' array");
        }
        List<EpochMetrics> metrics = new ArrayList<>();
        JsonArray array = epochs.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            EpochMetrics m;
            try {
                m = GSON.fromJson(array.get(i), EpochMetrics.class);
            } catch (RuntimeException e) { // Gson's parse errors, or EpochMetrics' validation
                throw new SavedRunException(
                        file + ": epoch entry " + (i + 1) + ": " + e.getMessage(), e);
            }
            if (m == null || m.epoch() != i + 1) {
                throw new SavedRunException(
                        file
                                + ": expected epoch "
                                + (i + 1)
                                + " at entry "
                                + (i + 1)
                                + ", found "
                                + (m == null ? "null" : m.epoch()));
            }
            metrics.add(m);
        }
        return List.copyOf(metrics);
    }

    private static JsonObject readObject(Path file) {
        try {
            JsonElement json =
                    JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!json.isJsonObject()) {
                throw new SavedRunException(file + ": expected a JSON object");
            }
            return json.getAsJsonObject();
        } catch (IOException e) {
            throw new SavedRunException(file + ": cannot read: " + e.getMessage(), e);
        } catch (JsonParseException e) {
            throw new SavedRunException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }
}
