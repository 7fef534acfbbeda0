package bnlab.study;

import bnlab.train.EpochMetrics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One trained network of a study: a row of {@code runs.csv} and its rows of {@code epochs.csv}.
 *
 * @param config the configuration's name
 * @param seed the seed it was trained with
 * @param loss final training loss (non-finite if training diverged)
 * @param trainAccuracy final training accuracy
 * @param testAccuracy final test accuracy
 * @param measures the study's extra measures by name, in the study's order
 * @param epochs the completed epochs
 */
public record StudyRun(
        String config,
        long seed,
        double loss,
        double trainAccuracy,
        double testAccuracy,
        Map<String, Double> measures,
        List<EpochMetrics> epochs) {

    /** Copies the collections. */
    public StudyRun {
        if (config == null || measures == null || epochs == null) {
            throw new IllegalArgumentException("config, measures and epochs are required");
        }
        measures = Collections.unmodifiableMap(new LinkedHashMap<>(measures));
        epochs = List.copyOf(epochs);
    }

    /** The row for {@code outcome} of configuration {@code config} at {@code seed}. */
    public static StudyRun of(String config, long seed, RunOutcome outcome) {
        return new StudyRun(
                config,
                seed,
                outcome.loss(),
                outcome.trainAccuracy(),
                outcome.testAccuracy(),
                outcome.measures(),
                outcome.epochs());
    }

    /** The value of a standard ({@link Measures}) or extra measure. */
    public double value(String measure) {
        return switch (measure) {
            case Measures.LOSS -> loss;
            case Measures.TRAIN_ACC -> trainAccuracy;
            case Measures.TEST_ACC -> testAccuracy;
            default -> {
                Double v = measures.get(measure);
                if (v == null) {
                    throw new IllegalArgumentException(
                            "run " + config + "/" + seed + " has no measure '" + measure + "'");
                }
                yield v;
            }
        };
    }

    /** Whether training diverged (the final loss is not finite). */
    public boolean diverged() {
        return !Double.isFinite(loss);
    }
}
