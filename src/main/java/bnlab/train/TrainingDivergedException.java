package bnlab.train;

import java.util.Locale;

/** Thrown when a training batch's loss is NaN or infinite: continuing would only spread it. */
public final class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;

    /** Records where the loss stopped being finite. */
    public TrainingDivergedException(int epoch, int batch, double loss) {
        super(
                String.format(
                        Locale.ROOT,
                        "training diverged at epoch %d, batch %d (loss %s); try a lower --lr",
                        epoch,
                        batch,
                        Double.isNaN(loss) ? "NaN" : loss > 0 ? "Infinity" : "-Infinity"));
        this.epoch = epoch;
        this.batch = batch;
    }

    /** The 1-based epoch in which the loss became non-finite. */
    public int epoch() {
        return epoch;
    }

    /** The 1-based batch in that epoch. */
    public int batch() {
        return batch;
    }
}
