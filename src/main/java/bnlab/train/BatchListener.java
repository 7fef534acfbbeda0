package bnlab.train;

/** Told after every training batch, e.g. to drive a progress bar. */
@FunctionalInterface
public interface BatchListener {

    /** A listener that does nothing. */
    BatchListener NONE = (batch, batches, meanLoss) -> {};

    /**
     * Called after batch {@code batch} (1-based) of {@code batches} in the current epoch.
     *
     * @param meanLoss mean training loss of the epoch's batches so far
     */
    void onBatch(int batch, int batches, double meanLoss);
}
