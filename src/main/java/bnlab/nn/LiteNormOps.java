package bnlab.nn;

import static bnlab.nn.BatchNormOps.blend;
import static bnlab.nn.BatchNormOps.broadcastable;
import static bnlab.nn.BatchNormOps.channelMean;
import static bnlab.nn.BatchNormOps.count;
import static bnlab.nn.BatchNormOps.requireChannels;
import static bnlab.nn.BatchNormOps.statShape;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The two halves of batch normalization as plain functions of NDArrays: "lite" versions that only
 * remove the mean or only remove the scale (Dive into Deep Learning, section 5.10, exercise 4).
 *
 * <p>For every channel {@code c}, with μ and σ² the mean and the biased variance of the batch over
 * all values of that channel (axis 0 and every axis after 1), as in {@link BatchNormOps}:
 *
 * <pre>
 *     mean-only:      y = x − μ + β
 *     variance-only:  y = γ·x/√(σ² + ε)
 * </pre>
 *
 * Mean-only keeps the shift β and has no γ; variance-only keeps the scale γ and has no β, and
 * divides by the spread around the mean without subtracting the mean. In inference the moving mean
 * (or moving variance) replaces the batch statistic. The moving statistic is updated as {@code
 * moving = momentum · moving + (1 − momentum) · batch}, momentum being the weight of the old value,
 * as in {@link BatchNormOps}.
 */
public final class LiteNormOps {

    private LiteNormOps() {}

    /**
     * Subtracts the per-channel mean: y = x − μ + β.
     *
     * <p>{@code beta} may be {@code null} (no shift, y = x − μ). {@code movingMean} may be {@code
     * null}: then the batch mean is used in training and in inference alike, and the returned
     * moving mean is {@code null}. The returned moving mean never carries gradient history.
     *
     * @param training whether to use the batch mean and update the moving one
     * @param x input of shape (N, C), (N, C, L) or (N, C, H, W), float32 or float64
     * @param beta shift, C values shaped (C) or (1, C, 1...), or {@code null}
     * @param movingMean moving mean, C values, or {@code null}
     * @param momentum weight of the old moving mean, in [0, 1]
     * @return the output and the (new) moving mean; the moving variance is always {@code null};
     *     every array the function creates belongs to {@code x}'s manager, so a per-batch manager
     *     releases it
     * @throws IllegalArgumentException if a shape or a hyper-parameter is invalid
     */
    public static BatchNormOps.Result meanOnly(
            boolean training, NDArray x, NDArray beta, NDArray movingMean, float momentum) {
        Shape shape = x.getShape();
        BatchNormOps.requireRank(shape);
        BatchNormOps.requireMomentum(momentum);
        long channels = shape.get(1);
        requireChannels("beta", beta, channels);
        requireChannels("movingMean", movingMean, channels);
        boolean batchStats = training || movingMean == null;
        long m = BatchNormOps.valuesPerChannel(shape, batchStats);
        Shape statShape = statShape(shape);

        NDArray mean =
                batchStats ? channelMean(x, count(x, m)) : broadcastable(x, movingMean, statShape);
        NDArray output = x.sub(mean);
        if (beta != null) {
            output = output.add(broadcastable(x, beta, statShape));
        }

        if (movingMean == null) {
            return new BatchNormOps.Result(output, null, null);
        }
        if (!training) {
            return new BatchNormOps.Result(output, movingMean, null);
        }
        // the moving mean is state, not part of the graph: detach the batch mean
        NDArray update = mean.stopGradient().reshape(movingMean.getShape());
        return new BatchNormOps.Result(output, blend(x, movingMean, update, momentum), null);
    }

    /**
     * Divides by the per-channel standard deviation, without subtracting the mean: y = γ·x/√(σ² +
     * ε), σ² being the biased variance of the batch around its mean.
     *
     * <p>{@code gamma} may be {@code null} (no scale, y = x/√(σ² + ε)). {@code movingVar} may be
     * {@code null}: then the batch variance is used in training and in inference alike, and the
     * returned moving variance is {@code null}. The returned moving variance never carries gradient
     * history.
     *
     * @param training whether to use the batch variance and update the moving one
     * @param x input of shape (N, C), (N, C, L) or (N, C, H, W), float32 or float64
     * @param gamma scale, C values shaped (C) or (1, C, 1...), or {@code null}
     * @param movingVar moving variance, C values, or {@code null}
     * @param eps positive finite constant added to the variance
     * @param momentum weight of the old moving variance, in [0, 1]
     * @return the output and the (new) moving variance; the moving mean is always {@code null};
     *     every array the function creates belongs to {@code x}'s manager, so a per-batch manager
     *     releases it
     * @throws IllegalArgumentException if a shape or a hyper-parameter is invalid
     */
    public static BatchNormOps.Result varianceOnly(
            boolean training,
            NDArray x,
            NDArray gamma,
            NDArray movingVar,
            float eps,
            float momentum) {
        Shape shape = x.getShape();
        BatchNormOps.requireRank(shape);
        BatchNormOps.requireEps(eps);
        BatchNormOps.requireMomentum(momentum);
        long channels = shape.get(1);
        requireChannels("gamma", gamma, channels);
        requireChannels("movingVar", movingVar, channels);
        boolean batchStats = training || movingVar == null;
        long m = BatchNormOps.valuesPerChannel(shape, batchStats);
        Shape statShape = statShape(shape);

        NDArray variance;
        if (batchStats) {
            NDArray count = count(x, m);
            // two-pass, as in BatchNormOps: the mean is removed for σ² only, not from the output
            variance = channelMean(x.sub(channelMean(x, count)).square(), count);
        } else {
            variance = broadcastable(x, movingVar, statShape);
        }
        // add(eps) and sqrt keep no Number operand alive for backward (see BatchNormOps)
        NDArray std = variance.add(eps).sqrt();
        NDArray output =
                gamma == null ? x.div(std) : x.mul(broadcastable(x, gamma, statShape).div(std));

        if (movingVar == null) {
            return new BatchNormOps.Result(output, null, null);
        }
        if (!training) {
            return new BatchNormOps.Result(output, null, movingVar);
        }
        NDArray update = variance.stopGradient().reshape(movingVar.getShape());
        return new BatchNormOps.Result(output, null, blend(x, movingVar, update, momentum));
    }
}
