package bnlab.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import bnlab.data.FashionMnist;
import bnlab.data.Split;
import bnlab.model.LeNet;

/**
 * A trained classifier's forward pass in inference mode: batch norm uses the moving statistics,
 * nothing is recorded for gradients, and each batch lives in its own {@link NDManager} scope.
 */
public final class Inference {

    private Inference() {}

    /**
     * The predicted class of each of the first {@code limitBatches} batches of {@code batchSize}
     * examples of {@code split} (all of them if {@code null}), in order, in inference mode (moving
     * statistics), one memory scope per batch.
     */
    public static int[] predict(Model model, Split split, int batchSize, Integer limitBatches) {
        if (batchSize < 1 || (limitBatches != null && limitBatches < 1)) {
            throw new IllegalArgumentException("batch size and batch limit must be at least 1");
        }
        int all = (split.count() + batchSize - 1) / batchSize;
        int batches = limitBatches == null ? all : Math.min(all, limitBatches);
        int[] predicted = new int[Math.min(split.count(), batches * batchSize)];
        try (NDManager manager = model.getNDManager().newSubManager();
                NativeSplit data = new NativeSplit(manager, split)) {
            for (int b = 0; b < batches; b++) {
                int from = b * batchSize;
                try (NDManager batchManager = manager.newSubManager()) {
                    NDList batch =
                            data.slice(batchManager, from, Math.min(from + batchSize, data.size()));
                    long[] classes =
                            logits(model, batchManager, batch.get(0)).argMax(1).toLongArray();
                    for (int i = 0; i < classes.length; i++) {
                        predicted[from + i] = (int) classes[i];
                    }
                }
            }
        }
        return predicted;
    }

    /**
     * The confusion matrix of {@link #predict} against the labels: what {@link ClassifierTrainer}
     * reports as test accuracy, with the same batches.
     */
    public static ConfusionMatrix evaluate(
            Model model, Split split, int batchSize, Integer limitBatches) {
        int[] predicted = predict(model, split, batchSize, limitBatches);
        ConfusionMatrix matrix = ConfusionMatrix.ofClasses(FashionMnist.CLASS_NAMES);
        for (int i = 0; i < predicted.length; i++) {
            matrix.add(split.label(i), predicted[i]);
        }
        return matrix;
    }

    /**
     * Class probabilities (softmax of the logits) of one image.
     *
     * @param pixels {@link FashionMnist#IMAGE_SIZE}² gray values in [0, 1], row-major, object light
     *     on a dark background as in Fashion-MNIST
     * @return {@link FashionMnist#NUM_CLASSES} probabilities, indexed by label
     */
    public static float[] probabilities(Model model, float[] pixels) {
        int size = FashionMnist.IMAGE_SIZE * FashionMnist.IMAGE_SIZE;
        if (pixels.length != size) {
            throw new IllegalArgumentException(
                    "expected " + size + " pixels, got " + pixels.length);
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray x = manager.create(pixels, LeNet.inputShape(1));
            return logits(model, manager, x).softmax(1).toFloatArray();
        }
    }

    private static NDArray logits(Model model, NDManager manager, NDArray x) {
        // copy = false: the parameters are used as loaded, no per-batch copies
        ParameterStore parameters = new ParameterStore(manager, false);
        return model.getBlock().forward(parameters, new NDList(x), false).singletonOrThrow();
    }
}
