package bnlab.bench;

/**
 * Inference speed of a batch-norm LeNet and of the same model with its batch norm folded into the
 * preceding layers ({@code bnlab bench --inference}). Times are milliseconds.
 *
 * @param model what was measured: a run directory, or a freshly trained variant
 * @param batchSize images per inference batch
 * @param batches timed batches of each model (after the warm-up)
 * @param unfoldedMedianMs median batch of the original model
 * @param foldedMedianMs median batch of the folded model
 * @param speedup the median over rounds of (original time / folded time) of the same batch, timed
 *     back to back: steadier under a varying load than the ratio of the two medians
 */
public record FoldedInferenceResult(
        String model,
        int batchSize,
        int batches,
        double unfoldedMedianMs,
        double foldedMedianMs,
        double speedup) {

    /** Validates counts and times. */
    public FoldedInferenceResult {
        if (batchSize < 1
                || batches < 1
                || !(unfoldedMedianMs > 0)
                || !(foldedMedianMs > 0)
                || !(speedup > 0)) {
            throw new IllegalArgumentException(
                    "batch size and batches must be >= 1, times and speedup > 0");
        }
    }

    /** Images per second of the original model. */
    public double unfoldedImagesPerSecond() {
        return batchSize * 1000.0 / unfoldedMedianMs;
    }

    /** Images per second of the folded model. */
    public double foldedImagesPerSecond() {
        return batchSize * 1000.0 / foldedMedianMs;
    }
}
