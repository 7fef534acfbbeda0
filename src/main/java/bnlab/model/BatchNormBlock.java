package bnlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.ParameterList;
import ai.djl.nn.norm.BatchNorm;
import bnlab.nn.BatchNormOps;
import bnlab.nn.InPlace;
import bnlab.nn.ScratchBatchNorm;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch-norm layer of a network: bnlab's {@link ScratchBatchNorm} or DJL's {@link BatchNorm},
 * with or without the affine {@code gamma} and {@code beta} and the running statistics. This is the
 * one way bnlab finds batch norm in a model, so every reader (training output, report, folding)
 * sees the same layers.
 *
 * @param index the position, among the network's top-level layers, of the layer that is or holds
 *     the batch norm (the number of the layer listing)
 * @param block the batch-norm block itself
 */
public record BatchNormBlock(int index, Block block) {

    /**
     * ε of DJL's {@link BatchNorm}: the default of its builder, which {@link LeNet} uses (the block
     * has no getter for it).
     */
    public static final float DJL_BATCH_NORM_EPSILON = 1e-5f;

    /** Checks that {@code block} is a batch-norm block. */
    public BatchNormBlock {
        if (!isBatchNorm(block)) {
            throw new IllegalArgumentException(
                    "layer " + index + " is not a batch-norm block: " + block);
        }
    }

    /** Whether {@code block} is a batch-norm block ({@code null} is not). */
    public static boolean isBatchNorm(Block block) {
        return block instanceof ScratchBatchNorm || block instanceof BatchNorm;
    }

    /**
     * Every batch-norm block of {@code net}, in network order: its top-level layers and whatever
     * they hold, depth first.
     */
    public static List<BatchNormBlock> findAll(Block net) {
        List<BatchNormBlock> found = new ArrayList<>();
        List<Block> layers = net.getChildren().values();
        for (int i = 0; i < layers.size(); i++) {
            collect(i, layers.get(i), found);
        }
        return found;
    }

    private static void collect(int index, Block block, List<BatchNormBlock> found) {
        if (isBatchNorm(block)) {
            found.add(new BatchNormBlock(index, block));
            return;
        }
        for (Block child : block.getChildren().values()) {
            collect(index, child, found);
        }
    }

    /** The block's class name, e.g. {@code ScratchBatchNorm} or {@code BatchNorm}. */
    public String type() {
        return block.getClass().getSimpleName();
    }

    /** The learned scale, or {@code null} for a layer without affine parameters. */
    public NDArray gamma() {
        return parameter("gamma");
    }

    /** The learned shift, or {@code null} for a layer without affine parameters. */
    public NDArray beta() {
        return parameter("beta");
    }

    /** The moving mean, or {@code null} for a layer that keeps no running statistics. */
    public NDArray runningMean() {
        return parameter("runningMean");
    }

    /** The moving variance, or {@code null} for a layer that keeps no running statistics. */
    public NDArray runningVar() {
        return parameter("runningVar");
    }

    /**
     * Whether the layer keeps running statistics; without them it normalises with batch statistics
     * in inference too.
     */
    public boolean tracksRunningStatistics() {
        return runningVar() != null;
    }

    /** ε, the constant the layer adds to the variance. */
    public float epsilon() {
        return block instanceof ScratchBatchNorm s ? s.getEpsilon() : DJL_BATCH_NORM_EPSILON;
    }

    /**
     * The layer's output for {@code x} normalised with x's own batch statistics, y = γ·(x −
     * μ_B)/√(σ²_B + ε) + β, as the layer computes it in training mode, but without touching its
     * running statistics: what a model left in training mode uses, the batch-renorm correction
     * aside.
     *
     * @throws IllegalArgumentException if x has one value per channel (batch statistics need more)
     */
    public NDArray withBatchStatistics(NDArray x) {
        return BatchNormOps.trainingStep(
                        x,
                        gamma(),
                        beta(),
                        null,
                        null,
                        BatchNormOps.Options.DEFAULTS.withEps(epsilon()))
                .output();
    }

    /**
     * Overwrites the running statistics with {@code mean} and {@code variance}, one value per
     * channel, rounded to float32.
     *
     * @throws IllegalStateException if the layer keeps no running statistics
     * @throws IllegalArgumentException if a length is not the number of channels
     */
    public void setRunningStatistics(double[] mean, double[] variance) {
        if (!tracksRunningStatistics()) {
            throw new IllegalStateException("layer " + index + " keeps no running statistics");
        }
        overwrite(runningMean(), mean, "mean");
        overwrite(runningVar(), variance, "variance");
    }

    private static void overwrite(NDArray target, double[] values, String name) {
        if (values.length != target.size()) {
            throw new IllegalArgumentException(
                    name + " needs " + target.size() + " values, got " + values.length);
        }
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        InPlace.write(target, floats);
    }

    /** The number of channels it normalises (axis 1 of its input). */
    public long channels() {
        return block.getInputShapes()[0].get(1);
    }

    private NDArray parameter(String name) {
        ParameterList params = block.getDirectParameters();
        return params.contains(name) ? params.get(name).getArray() : null;
    }
}
