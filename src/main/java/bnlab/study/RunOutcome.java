package bnlab.study;

import bnlab.train.EpochMetrics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link NetworkTrainer} reports for one network. A diverged network (its loss became NaN or
 * infinite) reports a non-finite {@code loss}; that is how the engine recognises it.
 *
 * @param loss mean training loss of the final epoch (NaN or infinite if training diverged)
 * @param trainAccuracy training accuracy of the final epoch (NaN if unknown)
 * @param testAccuracy test accuracy after the final epoch (NaN if unknown)
 * @param measures the study's extra measures by name, exactly those it declares
 * @param epochs every completed epoch, in order (for per-epoch charts)
 */
public record RunOutcome(
        double loss,
        double trainAccuracy,
        double testAccuracy,
        Map<String, Double> measures,
        List<EpochMetrics> epochs) {

    /** Copies the collections. */
    public RunOutcome {
        if (measures == null || epochs == null) {
            throw new IllegalArgumentException("measures and epochs are required (may be empty)");
        }
        measures = Collections.unmodifiableMap(new LinkedHashMap<>(measures));
        epochs = List.copyOf(epochs);
    }

    /** A network that trained all its epochs: the final figures are the last epoch's. */
    public static RunOutcome completed(List<EpochMetrics> epochs, Map<String, Double> measures) {
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException("a completed network has at least one epoch");
        }
        EpochMetrics last = epochs.get(epochs.size() - 1);
        return new RunOutcome(
                last.loss(), last.trainAccuracy(), last.testAccuracy(), measures, epochs);
    }

    /**
     * A network whose loss became non-finite: the final figures are NaN, the completed epochs are
     * kept for the charts.
     */
    public static RunOutcome diverged(List<EpochMetrics> completed, Map<String, Double> measures) {
        return new RunOutcome(Double.NaN, Double.NaN, Double.NaN, measures, completed);
    }
}
