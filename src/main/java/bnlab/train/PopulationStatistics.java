package bnlab.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import bnlab.data.Split;
import bnlab.model.BatchNormBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces the moving statistics of every batch-norm layer with population statistics: for each
 * layer in network order, the exact mean μ_pop and biased variance σ²_pop = E[(x − μ_pop)²] of its
 * input per channel over every value of a whole split (all examples, and all positions of a conv
 * layer's output), computed with the trained weights and with the layers before it already
 * recalibrated, which is the input they see in inference.
 *
 * <p>This is what PyTorch's {@code torch.optim.swa_utils.update_bn} is for, made exact: {@code
 * update_bn} averages the unbiased variances of the batches, which differs from the population
 * variance by the spread of the batch means; here each batch's count, mean and sum of squared
 * deviations are combined in double precision (Chan et al.'s parallel update), so the result does
 * not depend on the batch size beyond rounding.
 */
public final class PopulationStatistics {

    /**
     * Examples per forward pass: large enough to keep the passes few, small enough for memory. The
     * statistics do not depend on it beyond float rounding.
     */
    public static final int PASS_BATCH_SIZE = 1000;

    /**
     * What recalibration did to one batch-norm layer, per channel.
     *
     * @param index the layer's position among the network's top-level layers
     * @param runningMean the moving mean before
     * @param runningVar the moving variance before
     * @param mean the population mean written in its place
     * @param variance the population variance written in its place
     */
    public record LayerChange(
            int index,
            double[] runningMean,
            double[] runningVar,
            double[] mean,
            double[] variance) {

        /** Checks that every array has one value per channel. */
        public LayerChange {
            int c = mean.length;
            if (runningMean.length != c || runningVar.length != c || variance.length != c) {
                throw new IllegalArgumentException("one value per channel in every array");
            }
        }

        /**
         * How far the moving mean lagged: the mean over channels of |μ_run − μ_pop| / √σ²_pop, in
         * population standard deviations (a channel of zero variance counts 0).
         */
        public double meanShift() {
            double sum = 0;
            for (int c = 0; c < mean.length; c++) {
                double sd = Math.sqrt(variance[c]);
                sum += sd > 0 ? Math.abs(runningMean[c] - mean[c]) / sd : 0;
            }
            return sum / mean.length;
        }

        /**
         * How far the moving variance lagged: the mean over channels of |ln(σ²_run / σ²_pop)| (0.1
         * is about 10% off; channels with a zero variance are skipped).
         */
        public double varianceLogRatio() {
            double sum = 0;
            int n = 0;
            for (int c = 0; c < variance.length; c++) {
                if (variance[c] > 0 && runningVar[c] > 0) {
                    sum += Math.abs(Math.log(runningVar[c] / variance[c]));
                    n++;
                }
            }
            return n == 0 ? 0 : sum / n;
        }
    }

    private PopulationStatistics() {}

    /**
     * Recomputes the moving statistics of every batch-norm layer of {@code model} that keeps them,
     * in network order, over all of {@code split} in batches of {@link #PASS_BATCH_SIZE}, and
     * writes them into the model.
     *
     * @return one change per recalibrated layer, in network order (empty for a network without such
     *     layers)
     * @throws IllegalArgumentException if the network has a mean-only or variance-only layer, or
     *     nests batch norm ({@link Inference#layers})
     */
    public static List<LayerChange> recalibrate(Model model, Split split) {
        return recalibrate(model, split, PASS_BATCH_SIZE);
    }

    /**
     * Checks that {@link #recalibrate} would change {@code model}: its network has a batch-norm
     * layer that keeps running statistics, and nothing it cannot handle.
     *
     * @throws IllegalArgumentException saying why not
     */
    public static void checkRecalibratable(Model model) {
        Inference.layers(model);
        if (BatchNormBlock.findAll(model.getBlock()).stream()
                .noneMatch(BatchNormBlock::tracksRunningStatistics)) {
            throw new IllegalArgumentException(
                    "its network has no batch-norm layer that keeps running statistics");
        }
    }

    /** {@link #recalibrate(Model, Split)} in batches of {@code batchSize}. */
    static List<LayerChange> recalibrate(Model model, Split split, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        List<Block> layers = Inference.layers(model);
        List<LayerChange> changes = new ArrayList<>();
        try (NDManager manager = model.getNDManager().newSubManager();
                NativeSplit data = new NativeSplit(manager, split)) {
            int batches = (split.count() + batchSize - 1) / batchSize;
            for (BatchNormBlock bn : BatchNormBlock.findAll(model.getBlock())) {
                if (!bn.tracksRunningStatistics()) {
                    continue; // it uses batch statistics in inference anyway
                }
                Moments moments = new Moments(Math.toIntExact(bn.channels()));
                Inference.forEachBatch(
                        manager,
                        data,
                        batchSize,
                        batches,
                        batch ->
                                moments.add(
                                        Inference.forward(
                                                layers,
                                                new ParameterStore(batch.manager(), false),
                                                batch.images(),
                                                bn.index(),
                                                false)));
                LayerChange change =
                        new LayerChange(
                                bn.index(),
                                doubles(bn.runningMean()),
                                doubles(bn.runningVar()),
                                moments.mean,
                                moments.variance());
                bn.setRunningStatistics(change.mean(), change.variance());
                changes.add(change);
            }
        }
        return changes;
    }

    private static double[] doubles(NDArray array) {
        return array.toType(DataType.FLOAT64, true).toDoubleArray();
    }

    /** Count, mean and sum of squared deviations per channel, merged batch by batch. */
    private static final class Moments {
        private final double[] mean;
        private final double[] m2;
        private long count;

        Moments(int channels) {
            mean = new double[channels];
            m2 = new double[channels];
        }

        /** Adds the values of x, (n, C) or (n, C, H, W), channel by channel. */
        void add(NDArray x) {
            int channels = mean.length;
            if (x.getShape().get(1) != channels) {
                throw new IllegalStateException(
                        "expected " + channels + " channels, got shape " + x.getShape());
            }
            NDArray flat = x.toType(DataType.FLOAT64, false).swapAxes(0, 1).reshape(channels, -1);
            long n = flat.getShape().get(1);
            NDArray batchMean = flat.mean(new int[] {1}, true);
            double[] bm = batchMean.toDoubleArray();
            double[] bm2 = flat.sub(batchMean).square().sum(new int[] {1}).toDoubleArray();
            long total = count + n;
            for (int c = 0; c < channels; c++) {
                // Chan et al.: exact merge of two groups' moments
                double delta = bm[c] - mean[c];
                mean[c] += delta * n / total;
                m2[c] += bm2[c] + delta * delta * ((double) count * n / total);
            }
            count = total;
        }

        double[] variance() {
            double[] v = new double[m2.length];
            for (int c = 0; c < v.length; c++) {
                v[c] = m2[c] / count;
            }
            return v;
        }
    }
}
