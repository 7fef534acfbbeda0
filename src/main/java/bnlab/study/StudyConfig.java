package bnlab.study;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One configuration a study trains: a name for tables and charts and the settings that make the
 * network differ from the others (e.g. {@code normalizer=scratch}, {@code lr=0.1}). The trainer
 * reads the settings; the engine only records and compares them.
 *
 * @param name short name, letters, digits and {@code . _ + - =} only (it is a CSV cell)
 * @param settings the settings in the order given, keys and values without line breaks
 */
public record StudyConfig(String name, Map<String, String> settings) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._+=-]+");

    /** Validates the name and settings and copies the settings, keeping their order. */
    public StudyConfig {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "config name must be letters, digits and . _ + - = only, got '" + name + "'");
        }
        if (settings == null) {
            throw new IllegalArgumentException("config '" + name + "' has no settings map");
        }
        settings.forEach(
                (k, v) -> {
                    if (k == null || k.isBlank() || v == null || (k + v).contains("\n")) {
                        throw new IllegalArgumentException(
                                "config '" + name + "' has a bad setting " + k + "=" + v);
                    }
                });
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** A configuration from alternating keys and values, e.g. {@code of("bn", "norm", "bn")}. */
    public static StudyConfig of(String name, String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "config '" + name + "': keys and values must come in pairs");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new StudyConfig(name, settings);
    }
}
