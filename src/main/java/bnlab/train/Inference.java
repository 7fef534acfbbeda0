package bnlab.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import bnlab.data.FashionMnist;
import bnlab.data.Split;
import bnlab.model.BatchNormBlock;
import bnlab.model.LeNet;
import bnlab.nn.LiteNorm;
import java.util.List;
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
        return predict(model, split, batchSize, limitBatches, Inference::logits);
    }

    /**
     * The confusion matrix of {@link #predict} against the labels: what {@link ClassifierTrainer}
     * reports as test accuracy, with the same batches.
     */
    public static ConfusionMatrix evaluate(
            Model model, Split split, int batchSize, Integer limitBatches) {
        return confusion(split, predict(model, split, batchSize, limitBatches));
    }

    /**
     * {@link #evaluate} with every batch-norm layer normalising each batch with that batch's own
     * statistics ({@link BatchNormBlock#withBatchStatistics}) instead of its moving ones, as a
     * model left in training mode would; everything else in inference mode, and no statistic of the
     * model changes. The result depends on {@code batchSize}.
     *
     * @throws IllegalArgumentException if a batch leaves one value per channel at a batch-norm
     *     layer (a batch of one example before a linear layer's batch norm), or the network has a
     *     mean-only or variance-only layer (whose one moving statistic has no batch counterpart
     *     here)
     */
    public static ConfusionMatrix evaluateWithBatchStatistics(
            Model model, Split split, int batchSize, Integer limitBatches) {
        List<Block> layers = layers(model);
        return confusion(
                split,
                predict(
                        model,
                        split,
                        batchSize,
                        limitBatches,
                        (m, manager, x) ->
                                forward(
                                        layers,
                                        new ParameterStore(manager, false),
                                        x,
                                        layers.size(),
                                        true)));
    }

    private static ConfusionMatrix confusion(Split split, int[] predicted) {
        ConfusionMatrix matrix = ConfusionMatrix.ofClasses(FashionMnist.CLASS_NAMES);
        for (int i = 0; i < predicted.length; i++) {
            matrix.add(split.label(i), predicted[i]);
        }
        return matrix;
    }

    private static int[] predict(
            Model model, Split split, int batchSize, Integer limitBatches, Forward forward) {
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
                        long[] classes =
                                forward.logits(model, batch.manager(), batch.images())
                                        .argMax(1)
                                        .toLongArray();
                        for (int i = 0; i < classes.length; i++) {
                            predicted[batch.from() + i] = (int) classes[i];
                        }
                    });
        }
        return predicted;
    }

    /**
     * The top-level layers of {@code model}'s network, in order, checked to hold every batch-norm
     * layer directly (as LeNet does), so that a layer-by-layer forward pass reaches each of them.
     *
     * @throws IllegalArgumentException if the network is not a {@link SequentialBlock}, nests a
     *     batch-norm layer, or has a mean-only or variance-only ({@link LiteNorm}) layer
     */
    static List<Block> layers(Model model) {
        if (!(model.getBlock() instanceof SequentialBlock net)) {
            throw new IllegalArgumentException(
                    "expected a sequential network, got " + model.getBlock().getClass());
        }
        List<Block> layers = net.getChildren().values();
        long direct = layers.stream().filter(BatchNormBlock::isBatchNorm).count();
        if (direct != BatchNormBlock.findAll(net).size()) {
            throw new IllegalArgumentException(
                    "the network nests a batch-norm layer inside another layer");
        }
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof LiteNorm lite) {
                throw new IllegalArgumentException(
                        "layer "
                                + i
                                + " is a "
                                + lite
                                + ", whose single moving statistic is not batch norm's pair;"
                                + " only batch norm (scratch, djl, batch-renorm) can change the"
                                + " statistics it uses in inference");
            }
        }
        return layers;
    }

    /**
     * Runs {@code x} through {@code layers} 0 (inclusive) to {@code to} (exclusive) in inference
     * mode; with {@code batchStatistics}, each batch-norm layer normalises with the batch's own
     * statistics.
     */
    static NDArray forward(
            List<Block> layers,
            ParameterStore parameters,
            NDArray x,
            int to,
            boolean batchStatistics) {
        NDList current = new NDList(x);
        for (int i = 0; i < to; i++) {
            Block layer = layers.get(i);
            current =
                    batchStatistics && BatchNormBlock.isBatchNorm(layer)
                            ? new NDList(
                                    new BatchNormBlock(i, layer)
                                            .withBatchStatistics(current.singletonOrThrow()))
                            : layer.forward(parameters, current, false);
        }
        return current.singletonOrThrow();
    }

    /** A forward pass from a batch's images to its logits, in the batch's scope. */
    @FunctionalInterface
    private interface Forward {
        NDArray logits(Model model, NDManager manager, NDArray x);
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
