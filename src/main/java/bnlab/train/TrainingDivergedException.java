package bnlab.train;

import bnlab.errors.Advice;
import bnlab.errors.AdvisedError;
import java.util.Locale;

/** Thrown when a training batch's loss is NaN or infinite: continuing would only spread it. */
public final class TrainingDivergedException extends RuntimeException implements AdvisedError {
    private static final long serialVersionUID = 1L;

    private static final Advice LOWER_LEARNING_RATE =
            new Advice("; try a lower ", "learningRate", "");

    private final int epoch;
    private final int batch;

    /** Records where the loss stopped being finite. */
    public TrainingDivergedException(int epoch, int batch, double loss) {
        super(
                AdvisedError.message(
                        String.format(
                                Locale.ROOT,
                                "training diverged at epoch %d, batch %d (loss %s)",
                                epoch,
                                batch,
                                Double.isNaN(loss) ? "NaN" : loss > 0 ? "Infinity" : "-Infinity"),
                        LOWER_LEARNING_RATE));
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

    /** To try a lower learning rate. */
    @Override
    public Advice advice() {
        return LOWER_LEARNING_RATE;
    }
}
