package bnlab.fold;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import bnlab.data.Split;
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
        long unfoldedCorrect = 0;
        long foldedCorrect = 0;
        long disagreements = 0;
        double maxDiff = 0;
        try (NDManager manager = unfolded.getNDManager().newSubManager();
                NativeSplit data = new NativeSplit(manager, split)) {
            for (int from = 0; from < data.size(); from += batchSize) {
                try (NDManager batchManager = manager.newSubManager()) {
                    NDList batch =
                            data.slice(batchManager, from, Math.min(from + batchSize, data.size()));
                    NDArray a = logits(unfolded, batchManager, batch.get(0));
                    NDArray b = logits(folded, batchManager, batch.get(0));
                    NDArray labels = batch.get(1);
                    NDArray predictedA = a.argMax(1);
                    NDArray predictedB = b.argMax(1);
                    unfoldedCorrect += predictedA.eq(labels).countNonzero().getLong();
                    foldedCorrect += predictedB.eq(labels).countNonzero().getLong();
                    disagreements += predictedA.neq(predictedB).countNonzero().getLong();
                    maxDiff = Math.max(maxDiff, a.sub(b).abs().max().getFloat());
                }
            }
            return new FoldCheck(
                    data.size(), unfoldedCorrect, foldedCorrect, disagreements, maxDiff);
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

    private static NDArray logits(Model model, NDManager batchManager, NDArray x) {
        // copy = false: parameters as loaded; training = false: moving statistics
        ParameterStore parameters = new ParameterStore(batchManager, false);
        return model.getBlock().forward(parameters, new NDList(x), false).singletonOrThrow();
    }
}
