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
     * Classifies the first {@code limitBatches} batches of {@code batchSize} examples of {@code
     * split} (all of them if {@code null}), in order, as {@link ClassifierTrainer} measures test
     * accuracy.
     */
    public static Evaluation evaluate(Model model, Split split, int batchSize, Integer limitBatches) {
        if (batchSize < 1 || (limitBatches != null && limitBatches < 1)) {
            throw new IllegalArgumentException("batch size and batch limit must be at least 1");
        }
        long[][] counts = new long[FashionMnist.NUM_CLASSES][FashionMnist.NUM_CLASSES];
        try (NDManager manager = model.getNDManager().newSubManager();
                DeviceSplit data = new DeviceSplit(manager, split)) {
            int all = (data.size() + batchSize - 1) / batchSize;
            int batches = limitBatches == null ? all : Math.min(all, limitBatches);
            for (int b = 0; b < batches; b++) {
                try (NDManager batchManager = manager.newSubManager()) {
                    NDList batch = data.slice(batchManager, b * batchSize,
                            Math.min((b + 1) * batchSize, data.size()));
                    long[] predicted = logits(model, batchManager, batch.get(0)).argMax(1).toLongArray();
                    long[] labels = batch.get(1).toLongArray();
                    for (int i = 0; i < labels.length; i++) {
                        counts[(int) labels[i]][(int) predicted[i]]++;
                    }
                }
            }
        }
        return new Evaluation(counts);
    }

    /**
     * Class probabilities (softmax of the logits) of one image.
     *
     * @param pixels {@link FashionMnist#IMAGE_SIZE}² gray values in [0, 1], row-major, object
     *     light on a dark background as in Fashion-MNIST
     * @return {@link FashionMnist#NUM_CLASSES} probabilities, indexed by label
     */
    public static float[] probabilities(Model model, float[] pixels) {
        int size = FashionMnist.IMAGE_SIZE * FashionMnist.IMAGE_SIZE;
        if (pixels.length != size) {
            throw new IllegalArgumentException("expected " + size + " pixels, got " + pixels.length);
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
