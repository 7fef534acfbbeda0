package bnlab.experiment;

import bnlab.model.Variant;

/**
 * The outcome of training one LeNet variant at one learning rate.
 *
 * @param variant the LeNet variant
 * @param learningRate the SGD learning rate
 * @param epochs epochs completed (fewer than planned if training diverged)
 * @param loss mean training loss of the last completed epoch (NaN if none)
 * @param trainAccuracy training accuracy of the last completed epoch (NaN if none)
 * @param testAccuracy test accuracy after the last completed epoch (NaN if none)
 * @param seconds wall time of the training
 * @param diverged whether a batch's loss became non-finite, which stopped the training
 */
public record LrSweepRow(
        Variant variant,
        float learningRate,
        int epochs,
        double loss,
        double trainAccuracy,
        double testAccuracy,
        double seconds,
        boolean diverged) {

    /** Validates the fields. */
    public LrSweepRow {
        if (variant == null || !(learningRate > 0) || epochs < 0 || !(seconds >= 0)) {
            throw new IllegalArgumentException(
                    "variant required, learning rate > 0, epochs and" + " seconds >= 0");
        }
    }
}
