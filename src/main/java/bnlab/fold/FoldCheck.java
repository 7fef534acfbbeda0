package bnlab.fold;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import bnlab.data.Split;
import bnlab.train.Inference;
import bnlab.train.NativeSplit;

/**
 * How closely a folded model reproduces the model it was folded from, on every example of a split,
 * both in inference mode.
 *
 * @param images number of examples compared
 * @param unfoldedCorrect examples the original model classifies right
 * @param foldedCorrect examples the folded model classifies right
 * @param disagreements examples on which the two predict different classes
 * @param maxAbsLogitDifference largest |logit difference| over all examples and classes
 */
public record FoldCheck(
        long images,
        long unfoldedCorrect,
        long foldedCorrect,
        long disagreements,
        double maxAbsLogitDifference) {

    /** Validates the counts. */
    public FoldCheck {
        if (images < 1
                || unfoldedCorrect < 0
                || unfoldedCorrect > images
                || foldedCorrect < 0
                || foldedCorrect > images
                || disagreements < 0
                || disagreements > images
                || !(maxAbsLogitDifference >= 0)) {
            throw new IllegalArgumentException(
                    "inconsistent fold check: "
                            + images
                            + " images, "
                            + unfoldedCorrect
                            + "/"
                            + foldedCorrect
                            + " correct, "
                            + disagreements
                            + " disagreements, max difference "
                            + maxAbsLogitDifference);
        }
    }

    /** Runs both models on {@code split} in batches of {@code batchSize} and compares them. */
    public static FoldCheck compare(Model unfolded, Model folded, Split split, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        Tally tally = new Tally();
        try (NDManager manager = unfolded.getNDManager().newSubManager();
                NativeSplit data = new NativeSplit(manager, split)) {
            int batches = (data.size() + batchSize - 1) / batchSize;
            Inference.forEachBatch(
                    manager,
                    data,
                    batchSize,
                    batches,
                    batch -> {
                        NDArray a = Inference.logits(unfolded, batch);
                        NDArray b = Inference.logits(folded, batch);
                        tally.unfoldedCorrect += Inference.correct(a, batch.labels());
                        tally.foldedCorrect += Inference.correct(b, batch.labels());
                        tally.disagreements +=
                                a.argMax(1).neq(b.argMax(1)).countNonzero().getLong();
                        tally.maxDiff = Math.max(tally.maxDiff, a.sub(b).abs().max().getFloat());
                    });
            return new FoldCheck(
                    data.size(),
                    tally.unfoldedCorrect,
                    tally.foldedCorrect,
                    tally.disagreements,
                    tally.maxDiff);
        }
    }

    /** Accuracy of the original model. */
    public double unfoldedAccuracy() {
        return (double) unfoldedCorrect / images;
    }

    /** Accuracy of the folded model. */
    public double foldedAccuracy() {
        return (double) foldedCorrect / images;
    }

    /** The running counts of {@link #compare}. */
    private static final class Tally {
        long unfoldedCorrect;
        long foldedCorrect;
        long disagreements;
        double maxDiff;
    }
}
