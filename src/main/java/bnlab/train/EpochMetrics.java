package bnlab.train;

import java.util.Locale;

/**
 * What one epoch of training measured.
 *
 * @param epoch 1-based epoch number
 * @param loss mean training loss over the epoch's batches
 * @param trainAccuracy fraction of training examples classified right while training
 * @param testAccuracy fraction of test examples classified right in inference mode
 * @param seconds wall time of the epoch's training and evaluation
 */
public record EpochMetrics(
        int epoch, double loss, double trainAccuracy, double testAccuracy, double seconds) {

    /** Validates the ranges. */
    public EpochMetrics {
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be at least 1, got " + epoch);
        }
        requireFraction("trainAccuracy", trainAccuracy);
        requireFraction("testAccuracy", testAccuracy);
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("seconds must be >= 0, got " + seconds);
        }
    }

    /**
     * The chapter's log line, e.g. {@code epoch 1, loss 0.4612, train acc 0.863, test acc 0.831,
     * time 7.9 sec}.
     */
    public String logLine() {
        return String.format(
                Locale.ROOT,
                "epoch %d, loss %.4f, train acc %.3f, test acc %.3f, time %.1f sec",
                epoch,
                loss,
                trainAccuracy,
                testAccuracy,
                seconds);
    }

    private static void requireFraction(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
    }
}
