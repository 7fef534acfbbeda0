package bnlab.report;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One run's line of the comparison table: its last epoch and its size.
 *
 * @param label the run's name in the table, usually its network's label
 * @param loss the last epoch's mean training loss
 * @param trainAccuracy the last epoch's training accuracy
 * @param testAccuracy the last epoch's test accuracy
 * @param secondsPerEpoch the mean wall time of an epoch
 * @param parameters the number of trainable values
 */
public record ComparisonRow(
        String label,
        double loss,
        double trainAccuracy,
        double testAccuracy,
        double secondsPerEpoch,
        long parameters) {

    /** Validates the label and the count. */
    public ComparisonRow {
        Objects.requireNonNull(label, "label");
        if (parameters < 0) {
            throw new IllegalArgumentException("parameters must be >= 0, got " + parameters);
        }
    }

    /** The row of {@code run}, named {@code label}, whose model has {@code parameters} values. */
    public static ComparisonRow of(RunSummary run, String label, long parameters) {
        return new ComparisonRow(
                label,
                run.last().loss(),
                run.last().trainAccuracy(),
                run.last().testAccuracy(),
                run.meanEpochSeconds(),
                parameters);
    }

    /**
     * The cells as shown in the text and HTML tables, in {@link ComparisonTable#HEADERS} order:
     * loss to 4 decimals and accuracies to 3, as the epoch lines print them; seconds to 1.
     */
    public List<String> cells() {
        return List.of(
                label,
                String.format(Locale.ROOT, "%.4f", loss),
                String.format(Locale.ROOT, "%.3f", trainAccuracy),
                String.format(Locale.ROOT, "%.3f", testAccuracy),
                String.format(Locale.ROOT, "%.1f", secondsPerEpoch),
                String.format(Locale.ROOT, "%,d", parameters));
    }
}
