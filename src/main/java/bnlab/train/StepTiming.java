package bnlab.train;

/**
 * Wall time of the phases of one training step, in nanoseconds. PyTorch's CPU engine runs each
 * operation when it is called, so the phases are measured where they happen.
 *
 * @param dataNanos gathering the batch from the in-memory split
 * @param forwardNanos forward pass and loss
 * @param backwardNanos back-propagation
 * @param optimizerNanos the optimizer's parameter update, plus reading the two scalars the log
 *     needs
 */
public record StepTiming(
        long dataNanos, long forwardNanos, long backwardNanos, long optimizerNanos) {

    /** Validates that no phase is negative. */
    public StepTiming {
        if (dataNanos < 0 || forwardNanos < 0 || backwardNanos < 0 || optimizerNanos < 0) {
            throw new IllegalArgumentException("phase times must be >= 0");
        }
    }

    /** The whole step. */
    public long totalNanos() {
        return dataNanos + forwardNanos + backwardNanos + optimizerNanos;
    }
}
