package bnlab.run;

import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.train.OptimizerKind;
import bnlab.train.TrainingConfig;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of a run as {@code config.json} holds them, key by key in file order: the training
 * settings, the data directory and the versions a run was trained with, plus whatever else the file
 * holds (the {@link SavedRun#SCRATCH_OPTIONS}, a folded run's origin, keys written by other
 * versions), kept as it is so that rewriting the file loses nothing. The only reader and writer of
 * {@code config.json}.
 *
 * <p>Settings are checked when asked for, not when read: a report shows a run whose optimizer this
 * version does not know. Accessors throw {@link IllegalArgumentException} without the file's name;
 * {@link SavedRun} adds it.
 *
 * @param entries every key with its JSON value, in file order
 */
public record RunConfig(Map<String, JsonElement> entries) {

    /**
     * The key of the LeNet variant: written when the network is one of the presets, so that the
     * runs of a preset read as they always did; runs without {@link #NETWORK} (older ones) are read
     * from it alone.
     */
    public static final String VARIANT = "variant";

    /** The key of the network's configuration, in its canonical text form. */
    public static final String NETWORK = "network";

    /** The key of the data directory the run trained on. */
    public static final String DATA_DIR = "dataDir";

    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    /** Copies the entries (values deeply), keeping their order. */
    public RunConfig {
        Map<String, JsonElement> copy = new LinkedHashMap<>();
        entries.forEach((k, v) -> copy.put(k, v == null ? JsonNull.INSTANCE : v.deepCopy()));
        entries = Collections.unmodifiableMap(copy);
    }

    /** What a training run records: its settings, the data directory and the software versions. */
    public static RunConfig forTraining(TrainingConfig config, Path dataDir) {
        Map<String, Object> settings = new LinkedHashMap<>();
        config.network().preset().ifPresent(v -> settings.put(VARIANT, v.cliName()));
        settings.put(NETWORK, config.network().toString());
        settings.put("epochs", config.epochs());
        settings.put("batchSize", config.batchSize());
        settings.put("learningRate", config.learningRate());
        settings.put("optimizer", config.optimizer().cliName());
        settings.put("seed", config.seed());
        settings.put("limitBatches", config.limitBatches());
        settings.put("threads", config.threads());
        settings.put(DATA_DIR, dataDir.toAbsolutePath().toString());
        settings.put("versions", SoftwareVersions.all());
        return of(settings);
    }

    /** The settings {@code settings} holds, each value serialised with Gson, in its order. */
    public static RunConfig of(Map<String, ?> settings) {
        Map<String, JsonElement> entries = new LinkedHashMap<>();
        settings.forEach((k, v) -> entries.put(k, GSON.toJsonTree(v)));
        return new RunConfig(entries);
    }

    /**
     * Reads {@code file}, which must at least describe the network (every reader needs it).
     *
     * @throws SavedRunException naming the file if it cannot be read, holds no JSON object, or
     *     describes no valid network
     */
    public static RunConfig read(Path file) {
        Map<String, JsonElement> entries = new LinkedHashMap<>();
        readObject(file).entrySet().forEach(e -> entries.put(e.getKey(), e.getValue()));
        RunConfig config = new RunConfig(entries);
        try {
            config.network();
        } catch (IllegalArgumentException e) {
            throw new SavedRunException(file + ": " + e.getMessage(), e);
        }
        return config;
    }

    /** The file as bnlab writes it: indented JSON, nulls kept, a newline at the end. */
    public byte[] toJson() {
        JsonObject object = new JsonObject();
        entries.forEach(object::add);
        return (GSON.toJson(object) + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * These settings written over {@code earlier}'s: its keys keep their place, and those this
     * version no longer writes are kept (a resumed run keeps what earlier versions recorded).
     */
    public RunConfig over(RunConfig earlier) {
        Map<String, JsonElement> merged = new LinkedHashMap<>(earlier.entries);
        merged.putAll(entries);
        return new RunConfig(merged);
    }

    /** A copy with {@code key} set to {@code value} (serialised with Gson), in place if present. */
    public RunConfig with(String key, Object value) {
        Map<String, JsonElement> changed = new LinkedHashMap<>(entries);
        changed.put(key, GSON.toJsonTree(value));
        return new RunConfig(changed);
    }

    /** A copy without {@code key}. */
    public RunConfig without(String key) {
        Map<String, JsonElement> changed = new LinkedHashMap<>(entries);
        changed.remove(key);
        return new RunConfig(changed);
    }

    /** The value of {@code key}, or null if absent or JSON null. */
    public JsonElement get(String key) {
        JsonElement v = entries.get(key);
        return v == null || v.isJsonNull() ? null : v.deepCopy();
    }

    /**
     * The network the run trains: its {@link #NETWORK} text, or for a run written before networks
     * were configurable, the preset its {@link #VARIANT} names.
     *
     * @throws IllegalArgumentException if both are missing, one is not a string or names no valid
     *     network, or both are there and disagree (an edited file: which one is meant is unknown)
     */
    public NetworkConfig network() {
        if (!entries.containsKey(NETWORK)) {
            return NetworkConfig.of(Variant.parse(string(VARIANT)));
        }
        NetworkConfig variant =
                entries.containsKey(VARIANT)
                        ? NetworkConfig.of(Variant.parse(string(VARIANT)))
                        : null;
        NetworkConfig network;
        try {
            network = NetworkConfig.parse(string(NETWORK));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + NETWORK + "': " + e.getMessage(), e);
        }
        if (variant != null && !variant.equals(network)) {
            throw new IllegalArgumentException(
                    "'"
                            + VARIANT
                            + "' "
                            + variant.label()
                            + " disagrees with '"
                            + NETWORK
                            + "' "
                            + network
                            + "; keep one of them");
        }
        return network;
    }

    /**
     * The training settings, with {@code threads} (a property of the machine, not of the run).
     *
     * @throws IllegalArgumentException if a setting is missing or invalid
     */
    public TrainingConfig trainingConfig(int threads) {
        try {
            JsonElement limit = get("limitBatches");
            return new TrainingConfig(
                    network(),
                    number("epochs").intValue(),
                    number("batchSize").intValue(),
                    number("learningRate").floatValue(),
                    OptimizerKind.parse(string("optimizer")),
                    number("seed").longValue(),
                    limit == null ? null : limit.getAsInt(),
                    threads);
        } catch (IllegalStateException | ClassCastException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The data directory the run trained on, or null if the file does not say. */
    public Path dataDir() {
        JsonElement dir = get(DATA_DIR);
        return dir == null ? null : Path.of(dir.getAsString());
    }

    /**
     * Every setting as text, in file order: nested objects flattened to dotted keys ({@code
     * versions.djl}), JSON null as {@code null}.
     */
    public Map<String, String> flattened() {
        Map<String, String> into = new LinkedHashMap<>();
        flatten("", entries, into);
        return into;
    }

    private static void flatten(
            String prefix, Map<String, JsonElement> object, Map<String, String> into) {
        for (Map.Entry<String, JsonElement> e : object.entrySet()) {
            String key = prefix + e.getKey();
            JsonElement value = e.getValue();
            if (value.isJsonObject()) {
                flatten(key + ".", value.getAsJsonObject().asMap(), into);
            } else if (value.isJsonPrimitive()) {
                into.put(key, value.getAsString());
            } else {
                into.put(key, value.toString());
            }
        }
    }

    private Number number(String key) {
        JsonElement v = entries.get(key);
        if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException("'" + key + "' missing or not a number");
        }
        return v.getAsNumber();
    }

    private String string(String key) {
        JsonElement v = entries.get(key);
        if (v == null || !v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("'" + key + "' missing or not a string");
        }
        return v.getAsString();
    }

    /**
     * The JSON object in {@code file}, for the files of a run directory.
     *
     * @throws SavedRunException naming the file if it cannot be read or holds no JSON object
     */
    static JsonObject readObject(Path file) {
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
