package bnlab.fold;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.nn.SequentialBlock;
import bnlab.model.BatchNormBlock;
import bnlab.model.LeNet;
import bnlab.model.NetworkConfig;
import bnlab.model.Normalizer;
import bnlab.nn.InPlace;
import bnlab.run.RunDirectory;
import java.util.Collections;
import java.util.List;

/**
 * Folds each inference-mode batch-norm layer of a LeNet into the convolution or linear layer before
 * it (Ioffe and Szegedy 2015, §3.1; PyTorch's {@code fuse_conv_bn_eval}). In inference batch norm
 * is the per-channel affine map y = γ·(x − μ)/√(σ² + ε) + β with the moving μ and σ², so for each
 * output channel c of the preceding layer
 *
 * <pre>
 *   s_c   = γ_c / √(σ²_c + ε)
 *   W'_c  = s_c · W_c                (every weight of output channel c)
 *   b'_c  = s_c · (b_c − μ_c) + β_c
 * </pre>
 *
 * <p>(γ = 1 and β = 0 for a layer without affine parameters, b = 0 for a layer without bias). The
 * result is the LeNet of {@link #foldedNetwork}: the same layers minus the batch-norm ones, each
 * conv and linear layer with a bias; for the scratch and concise presets, the plain one.
 *
 * <p>Foldable is full batch norm ({@code scratch} or {@code djl}, with γ and β learned or fixed)
 * before the activation, keeping running statistics: only then is it, in inference, a fixed affine
 * map right after the layer it folds into.
 */
public final class BatchNormFolding {

    private BatchNormFolding() {}

    /**
     * The network a fold of {@code network} gives: no normalizer, a bias in every layer, the rest
     * (position, dropout, activation) as it was; γ and β, which no longer exist, as learned.
     *
     * @param network a foldable network
     * @return the folded network's configuration
     */
    public static NetworkConfig foldedNetwork(NetworkConfig network) {
        return network.withNorms(Collections.nCopies(NetworkConfig.SITES.size(), Normalizer.NONE))
                .withBias(true)
                .withLearnedAffine(true);
    }

    /**
     * Checks that a LeNet of {@code network} can be folded, as far as its configuration tells
     * (before any parameters are loaded).
     *
     * @throws IllegalArgumentException one line naming the part that cannot be folded: a network
     *     without normalizer has nothing to fold; a mean-only or variance-only normalizer is not
     *     the batch norm this folds; a normalizer after the activation is not next to the layer it
     *     would fold into
     */
    public static void checkFoldable(NetworkConfig network) {
        if (!network.hasNormalizer()) {
            throw new IllegalArgumentException(
                    "a " + network.label() + " LeNet has no batch norm: nothing to fold");
        }
        List<Normalizer> norms = network.norms();
        for (int i = 0; i < norms.size(); i++) {
            Normalizer n = norms.get(i);
            if (!n.isFoldable() && !n.equals(Normalizer.NONE)) {
                throw new IllegalArgumentException(
                        "norm "
                                + n
                                + " at site "
                                + NetworkConfig.SITES.get(i)
                                + " is not foldable: only full batch norm ("
                                + Normalizer.SCRATCH
                                + ", "
                                + Normalizer.DJL
                                + ", "
                                + Normalizer.BATCH_RENORM
                                + ") folds");
            }
        }
        if (network.position() == NetworkConfig.Position.AFTER) {
            throw new IllegalArgumentException(
                    "position=after is not foldable: a normalizer after the activation does not"
                            + " follow the layer it would fold into (only position=before folds)");
        }
    }

    /**
     * Checks that {@code block}, a LeNet of {@code network}, can be folded: {@link
     * #checkFoldable(NetworkConfig)}, and every batch-norm layer keeps running statistics.
     *
     * @throws IllegalArgumentException one line saying why not; a batch-norm layer without running
     *     statistics normalises with batch statistics in inference too, which no fixed affine map
     *     reproduces
     */
    public static void checkFoldable(NetworkConfig network, SequentialBlock block) {
        checkFoldable(network);
        for (BatchNormBlock bn : BatchNormBlock.findAll(block)) {
            if (!bn.tracksRunningStatistics()) {
                throw new IllegalArgumentException(
                        "its batch norm keeps no running statistics"
                                + " (trackRunningStatistics=false): it uses batch statistics in inference"
                                + " too, which cannot be folded into fixed weights");
            }
        }
    }

    /**
     * A new LeNet of {@link #foldedNetwork} whose parameters are {@code source}'s with every
     * batch-norm layer folded into the layer before it. {@code source} is left unchanged. The
     * caller closes the result.
     *
     * @param source a trained LeNet of {@code network} (parameters initialised or loaded)
     * @throws IllegalArgumentException if {@link #checkFoldable} fails
     */
    public static Model fold(Model source, NetworkConfig network) {
        SequentialBlock from = (SequentialBlock) source.getBlock();
        checkFoldable(network, from);
        SequentialBlock plain = LeNet.builder().setConfig(foldedNetwork(network)).build();
        Model folded = Model.newInstance(RunDirectory.MODEL_NAME);
        try {
            folded.setBlock(plain);
            plain.initialize(folded.getNDManager(), DataType.FLOAT32, LeNet.inputShape(1));
            List<Block> in = from.getChildren().values();
            List<Block> out = plain.getChildren().values();
            int target = 0;
            for (int i = 0; i < in.size(); i++) {
                Block layer = in.get(i);
                if (BatchNormBlock.isBatchNorm(layer)) {
                    continue; // folded into the layer before it
                }
                Block copy = out.get(target++);
                if (copy.getClass() != layer.getClass()) {
                    throw new IllegalStateException(
                            "layer "
                                    + i
                                    + " is a "
                                    + layer.getClass().getSimpleName()
                                    + " but the folded LeNet has a "
                                    + copy.getClass().getSimpleName()
                                    + " there");
                }
                if (layer.getDirectParameters().isEmpty()) {
                    continue; // activation, pooling, flatten, dropout
                }
                Block next = i + 1 < in.size() ? in.get(i + 1) : null;
                foldLayer(
                        layer,
                        BatchNormBlock.isBatchNorm(next) ? new BatchNormBlock(i + 1, next) : null,
                        copy);
            }
            return folded;
        } catch (RuntimeException e) {
            folded.close();
            throw e;
        }
    }

    /**
     * Writes {@code layer}'s weight and bias (zeros if it has none: bias=off), folded with {@code
     * norm} if not null, into {@code copy}.
     */
    private static void foldLayer(Block layer, BatchNormBlock norm, Block copy) {
        ParameterList params = layer.getDirectParameters();
        float[] weight = params.get("weight").getArray().toFloatArray();
        Parameter copyBias = copy.getDirectParameters().get("bias");
        float[] bias =
                params.contains("bias")
                        ? params.get("bias").getArray().toFloatArray()
                        : new float[Math.toIntExact(copyBias.getArray().size())];
        if (norm != null) {
            float eps = norm.epsilon();
            foldChannels(
                    weight,
                    bias,
                    values(norm.gamma()),
                    values(norm.beta()),
                    values(norm.runningMean()),
                    values(norm.runningVar()),
                    eps);
        }
        overwrite(copy.getDirectParameters().get("weight"), weight);
        overwrite(copyBias, bias);
    }

    /** A parameter's values, or {@code null} if the block has no such parameter. */
    private static float[] values(NDArray parameter) {
        return parameter == null ? null : parameter.toFloatArray();
    }

    private static void overwrite(Parameter parameter, float[] values) {
        NDArray array = parameter.getArray();
        if (array.size() != values.length) {
            throw new IllegalStateException(
                    parameter.getName()
                            + ": expected "
                            + array.size()
                            + " values, folding gave "
                            + values.length);
        }
        InPlace.write(array, values);
    }

    /**
     * Folds one batch-norm layer into a weight and bias, in place, computing in double precision.
     *
     * @param weight C·k values, output channel c being the c-th block of k (DJL's layout for both
     *     {@code Conv2d} (C, in, kh, kw) and {@code Linear} (C, in))
     * @param bias C values
     * @param gamma C values, or {@code null} for γ = 1
     * @param beta C values, or {@code null} for β = 0
     * @param mean the C moving means
     * @param var the C moving variances
     * @param eps the layer's ε
     */
    static void foldChannels(
            float[] weight,
            float[] bias,
            float[] gamma,
            float[] beta,
            float[] mean,
            float[] var,
            float eps) {
        int channels = bias.length;
        if (weight.length % channels != 0
                || mean.length != channels
                || var.length != channels
                || (gamma != null && gamma.length != channels)
                || (beta != null && beta.length != channels)) {
            throw new IllegalArgumentException(
                    "batch norm of "
                            + mean.length
                            + " channels does not match a layer with "
                            + channels
                            + " outputs");
        }
        int perChannel = weight.length / channels;
        for (int c = 0; c < channels; c++) {
            double scale = (gamma == null ? 1.0 : gamma[c]) / Math.sqrt((double) var[c] + eps);
            for (int k = c * perChannel; k < (c + 1) * perChannel; k++) {
                weight[k] = (float) (weight[k] * scale);
            }
            bias[c] = (float) ((bias[c] - (double) mean[c]) * scale + (beta == null ? 0 : beta[c]));
        }
    }
}
