package bnlab.train;

import java.util.Arrays;

/**
 * A quantity {@link DiagnosticsRecorder} records at a recording step: five per normalization site
 * (conv1, conv2, fc1, fc2) and two per weighted layer (those four and fc3, the output layer).
 */
public enum DiagnosticQuantity {
    /** Mean of every value of the normalizer's input (of the pre-activation without one). */
    INPUT_MEAN("input_mean", "normalizer input: mean", true),
    /** Standard deviation (biased) of every value of the normalizer's input. */
    INPUT_STD("input_std", "normalizer input: standard deviation", true),
    /** Mean of every value of the normalizer's output (its input without one). */
    OUTPUT_MEAN("output_mean", "normalizer output: mean", true),
    /** Standard deviation (biased) of every value of the normalizer's output. */
    OUTPUT_STD("output_std", "normalizer output: standard deviation", true),
    /**
     * Fraction of the activation's outputs that are saturated: a sigmoid's below {@value
     * DiagnosticsRecorder#SIGMOID_LOW} or above {@value DiagnosticsRecorder#SIGMOID_HIGH}, a ReLU's
     * equal to 0.
     */
    SATURATED("saturated", "saturated fraction of the activation", true),
    /** L2 norm of the gradient of the layer's weight (bias left out). */
    GRAD_NORM("grad_norm", "weight gradient L2 norm", false),
    /** ‖W after the step − W before‖ / ‖W before‖, L2 norms of the layer's weight. */
    UPDATE_RATIO("update_ratio", "update-to-weight ratio ‖ΔW‖/‖W‖", false);

    private final String csvName;
    private final String title;
    private final boolean perSite;

    DiagnosticQuantity(String csvName, String title, boolean perSite) {
        this.csvName = csvName;
        this.title = title;
        this.perSite = perSite;
    }

    /** The name in {@code diagnostics.csv}'s {@code quantity} column. */
    public String csvName() {
        return csvName;
    }

    /** What a chart of it is titled. */
    public String title() {
        return title;
    }

    /** Whether it is recorded per normalization site (else per weighted layer). */
    public boolean perSite() {
        return perSite;
    }

    /**
     * The quantity of a CSV name.
     *
     * @throws IllegalArgumentException naming the text and the known names
     */
    public static DiagnosticQuantity parse(String csvName) {
        return Arrays.stream(values())
                .filter(q -> q.csvName.equals(csvName))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "unknown quantity '"
                                                + csvName
                                                + "', expected one of "
                                                + Arrays.stream(values())
                                                        .map(DiagnosticQuantity::csvName)
                                                        .toList()));
    }
}
