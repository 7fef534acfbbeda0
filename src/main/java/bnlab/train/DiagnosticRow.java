package bnlab.train;

import java.util.Objects;

/**
 * One recorded value: a row of {@code diagnostics.csv}.
 *
 * @param step the training step, counted from 1 over the whole run (epoch e's batch b is step (e −
 *     1) × batches per epoch + b)
 * @param epoch the epoch of the step, from 1
 * @param layer the site or layer: conv1, conv2, fc1, fc2, or fc3 (the output layer)
 * @param quantity what was measured
 * @param value the measured value (NaN if it could not be measured, e.g. a layer without gradient)
 */
public record DiagnosticRow(
        long step, int epoch, String layer, DiagnosticQuantity quantity, double value) {

    /** Validates. */
    public DiagnosticRow {
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(quantity, "quantity");
        if (step < 1 || epoch < 1) {
            throw new IllegalArgumentException(
                    "step and epoch must be >= 1, got " + step + " and " + epoch);
        }
    }
}
