package bnlab.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import bnlab.data.FashionMnist;
import bnlab.data.Split;
import bnlab.model.LeNet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A trained classifier's forward pass in inference mode: batch norm uses the moving statistics,
 * nothing is recorded for gradients, and each batch lives in its own {@link NDManager} scope. This
 * is bnlab's one batched-inference loop: training's test accuracy, {@code evaluate}, the report,
 * folding's check, the benchmark and the Figure 1 probe all run through {@link #forEachBatch} or
 * {@link #onBatch}.
 */
public final class Inference {

    /**
     * One batch of a split, valid while the code it is handed to runs: its arrays belong to {@code
     * manager}, which is closed afterwards.
     *
     * @param from the index of its first example in the split
     * @param images float32 (n, 1, 28, 28) in [0, 1]
     * @param labels int64 (n)
     * @param manager the batch's own scope, for everything computed from it
     */
    public record Batch(int from, NDArray images, NDArray labels, NDManager manager) {}

    private Inference() {}

    /**
     * Hands the first {@code batches} batches of {@code batchSize} consecutive examples of {@code
     * data} (the last one shorter if the split ends) to {@code consumer}, in order, each in a new
     * sub-manager of {@code parent} that is closed when the consumer returns.
     */
    public static void forEachBatch(
            NDManager parent,
            NativeSplit data,
            int batchSize,
            int batches,
            Consumer<Batch> consumer) {
        for (int b = 0; b < batches; b++) {
            int from = b * batchSize;
            onBatch(
                    parent,
                    data,
                    from,
                    Math.min(from + batchSize, data.size()),
                    batch -> {
                        consumer.accept(batch);
                        return null;
                    });
        }
    }

    /**
     * Applies {@code work} to the examples {@code from} (inclusive) to {@code to} (exclusive) of
     * {@code data}, in a new sub-manager of {@code parent} that is closed when it returns; {@code
     * work}'s result must not hold arrays of the batch.
     */
    public static <T> T onBatch(
            NDManager parent, NativeSplit data, int from, int to, Function<Batch, T> work) {
        try (NDManager batchManager = parent.newSubManager()) {
            NDList batch = data.slice(batchManager, from, to);
            return work.apply(new Batch(from, batch.get(0), batch.get(1), batchManager));
        }
    }

    /** {@code model}'s logits for the batch's images, in inference mode, in the batch's scope. */
    public static NDArray logits(Model model, Batch batch) {
        return logits(model, batch.manager(), batch.images());
    }

    /** The number of examples whose largest logit is at their label. */
    public static long correct(NDArray logits, NDArray labels) {
        return logits.argMax(1).eq(labels).countNonzero().getLong();
    }

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
            forEachBatch(
                    manager,
                    data,
                    batchSize,
                    batches,
                    batch -> {
                        long[] classes = logits(model, batch).argMax(1).toLongArray();
                        for (int i = 0; i < classes.length; i++) {
                            predicted[batch.from() + i] = (int) classes[i];
                        }
                    });
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
