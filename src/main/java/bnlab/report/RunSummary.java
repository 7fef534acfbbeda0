package bnlab.report;

import bnlab.model.Variant;
import bnlab.train.EpochMetrics;
import bnlab.train.RunDirectory;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What a saved run directory says about its run: the settings of {@code config.json} and the epochs
 * of {@code metrics.json} (both written by {@link RunDirectory}).
 *
 * @param dir the run directory
 * @param variant the trained variant
 * @param settings every setting as text, in file order; nested objects flattened to dotted keys
 *     ({@code versions.djl}), JSON null as {@code null}
 * @param epochs the completed epochs, at least one, in order
 */
public record RunSummary(
        Path dir, Variant variant, Map<String, String> settings, List<EpochMetrics> epochs) {

    /** The {@code config.json} key of the data directory the run trained on. */
    public static final String DATA_DIR_KEY = "dataDir";

    /** Validates and copies. */
    public RunSummary {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(variant, "variant");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        epochs = List.copyOf(epochs);
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException(dir + ": the run has no completed epoch");
        }
    }

    /**
     * Reads the run in {@code dir}.
     *
     * @throws IllegalArgumentException naming the path if it is not a readable run directory
     */
    public static RunSummary read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": no such directory");
        }
        JsonObject metrics = readObject(dir.resolve(RunDirectory.METRICS_JSON));
        JsonObject config = readObject(dir.resolve(RunDirectory.CONFIG_FILE));
        Map<String, String> settings = new LinkedHashMap<>();
        flatten("", config, settings);
        Variant variant;
        try {
            variant = Variant.parse(settings.get("variant"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    dir.resolve(RunDirectory.CONFIG_FILE) + ": " + e.getMessage(), e);
        }
        Path metricsFile = dir.resolve(RunDirectory.METRICS_JSON);
        if (!(metrics.get("epochs") instanceof JsonArray array)) {
            throw new IllegalArgumentException(metricsFile + ": no \"epochs\" array");
        }
        List<EpochMetrics> epochs = new ArrayList<>();
        try {
            for (JsonElement e : array) {
                JsonObject m = e.getAsJsonObject();
                epochs.add(
                        new EpochMetrics(
                                number(m, "epoch").intValue(),
                                number(m, "loss").doubleValue(),
                                number(m, "trainAccuracy").doubleValue(),
                                number(m, "testAccuracy").doubleValue(),
                                number(m, "seconds").doubleValue()));
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException(
                    metricsFile + ": bad epoch entry: " + e.getMessage(), e);
        }
        return new RunSummary(dir, variant, settings, epochs);
    }

    /**
     * Reads the runs named on a command line: each path is a run directory, or a directory whose
     * subdirectories are runs (the output of {@code bnlab compare}), read in variant order.
     *
     * @throws IllegalArgumentException naming the first path that is neither
     */
    public static List<RunSummary> readAll(List<Path> paths) throws IOException {
        List<RunSummary> runs = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.isDirectory(path) || isRun(path)) {
                runs.add(read(path));
                continue;
            }
            List<RunSummary> children = new ArrayList<>();
            try (Stream<Path> entries = Files.list(path)) {
                for (Path child : (Iterable<Path>) entries.sorted()::iterator) {
                    if (Files.isDirectory(child) && isRun(child)) {
                        children.add(read(child));
                    }
                }
            }
            if (children.isEmpty()) {
                throw new IllegalArgumentException(
                        path
                                + ": no "
                                + RunDirectory.METRICS_JSON
                                + "; expected a run directory or a compare output holding runs");
            }
            children.sort(Comparator.comparing(RunSummary::variant));
            runs.addAll(children);
        }
        return runs;
    }

    /** The last completed epoch. */
    public EpochMetrics last() {
        return epochs.get(epochs.size() - 1);
    }

    /** The mean wall time of an epoch, in seconds. */
    public double meanEpochSeconds() {
        return epochs.stream().mapToDouble(EpochMetrics::seconds).average().orElseThrow();
    }

    /** The data directory the run trained on, or null if {@code config.json} does not say. */
    public Path dataDir() {
        String dir = settings.get(DATA_DIR_KEY);
        return dir == null || dir.equals("null") ? null : Path.of(dir);
    }

    private static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(RunDirectory.METRICS_JSON));
    }

    private static JsonObject readObject(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    file.getParent()
                            + ": no "
                            + file.getFileName()
                            + "; expected a run directory or a compare output holding runs");
        }
        try {
            return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException(file + ": not a JSON object: " + e.getMessage(), e);
        }
    }

    private static Number number(JsonObject object, String key) {
        JsonElement value = object.get(key);
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException("\"" + key + "\" is not a number in " + object);
        }
        return value.getAsNumber();
    }

    private static void flatten(String prefix, JsonObject object, Map<String, String> into) {
        for (Map.Entry<String, JsonElement> e : object.entrySet()) {
            String key = prefix + e.getKey();
            JsonElement value = e.getValue();
            if (value.isJsonObject()) {
                flatten(key + ".", value.getAsJsonObject(), into);
            } else if (value.isJsonPrimitive()) {
                into.put(key, value.getAsString());
            } else {
                into.put(key, value.toString());
            }
        }
    }
}
