package bnlab.report;

import bnlab.train.ConfusionMatrix;
import java.util.List;
import java.util.Objects;

/**
 * Everything the report shows about one run, beyond its metrics: what inference of its trained
 * model on the test split found, and its batch-norm layers.
 *
 * @param run the run
 * @param label the run's name in tables and charts
 * @param parameters the number of trainable values
 * @param batchNormLayers the batch-norm layers (empty for the plain variant)
 * @param confusion the confusion matrix on the whole test split
 * @param samplePredictions the predicted classes of the first test examples shown in the grid
 */
public record RunDetails(
        RunSummary run,
        String label,
        long parameters,
        List<BatchNormLayer> batchNormLayers,
        ConfusionMatrix confusion,
        int[] samplePredictions) {

    /** Checks presence and copies. */
    public RunDetails {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(confusion, "confusion");
        batchNormLayers = List.copyOf(batchNormLayers);
        samplePredictions = samplePredictions.clone();
    }

    @Override
    public int[] samplePredictions() {
        return samplePredictions.clone();
    }

    /** The run's line of the comparison table. */
    public ComparisonRow comparisonRow() {
        return ComparisonRow.of(run, label, parameters);
    }
}
