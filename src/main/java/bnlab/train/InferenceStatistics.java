package bnlab.train;

import bnlab.errors.SettingException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which statistics batch norm normalises with in inference, y = γ·(x − μ)/√(σ² + ε) + β per
 * channel: the three choices a user has, and the mistake of forgetting inference mode.
 */
public enum InferenceStatistics {
    /** The moving averages kept during training: what inference mode uses. */
    RUNNING("running"),
    /**
     * The exact mean and biased variance of each batch-norm layer's input over the whole training
     * split, with the trained weights, layer by layer ({@link PopulationStatistics}).
     */
    POPULATION("population"),
    /**
     * Each test batch's own statistics, as a model left in training mode uses them ({@link
     * Inference#evaluateWithBatchStatistics}): predictions depend on the other examples of the
     * batch.
     */
    BATCH("batch");

    private final String cliName;

    InferenceStatistics(String cliName) {
        this.cliName = cliName;
    }

    /** The name on the command line, e.g. {@code population}. */
    public String cliName() {
        return cliName;
    }

    /** The names, comma-separated, for messages and help. */
    public static String names() {
        return Arrays.stream(values()).map(s -> s.cliName).collect(Collectors.joining(", "));
    }

    /**
     * The statistics named {@code name}.
     *
     * @throws SettingException naming the value and the valid names
     */
    public static InferenceStatistics parse(String name) {
        for (InferenceStatistics s : values()) {
            if (s.cliName.equals(name)) {
                return s;
            }
        }
        throw new SettingException(
                "statistics", "must be one of " + names() + ", got '" + name + "'");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
