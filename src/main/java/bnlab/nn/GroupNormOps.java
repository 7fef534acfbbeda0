package bnlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Group normalization (Wu and He, 2018) as a plain function of NDArrays, the replacement of batch
 * norm whose statistics do not depend on the batch.
 *
 * <p>The C channels are split into G groups of C/G consecutive channels. For every example n and
 * group g, with S the values of that example in that group (C/G channels times the spatial extent),
 *
 * <pre>
 *     μ = mean(S),  σ² = mean((S − μ)²),  y = γ_c·(x − μ)/√(σ² + ε) + β_c
 * </pre>
 *
 * with γ and β per channel. Nothing depends on the other examples of the batch, so training and
 * inference compute the same thing and there are no moving statistics. Two special cases have their
 * own names: <b>layer normalization</b> is G = 1 (all channels of an example together, here with γ
 * and β per channel, as PyTorch's {@code group_norm} with one group), and <b>instance
 * normalization</b> is G = C (each channel of each example alone).
 */
public final class GroupNormOps {

    private GroupNormOps() {}

    /**
     * Normalizes {@code x} per example and group of channels.
     *
     * @param x input of shape (N, C), (N, C, L) or (N, C, H, W), float32 or float64
     * @param groups G, at least 1 and dividing C
     * @param gamma scale, C values shaped (C) or (1, C, 1...), or {@code null}
     * @param beta shift, C values like {@code gamma}, or {@code null} together with {@code gamma}
     * @param eps positive finite constant added to the variance
     * @return y, of {@code x}'s shape and type; every array the function creates belongs to {@code
     *     x}'s manager
     * @throws IllegalArgumentException if a shape, {@code groups} or {@code eps} is invalid
     */
    public static NDArray groupNorm(NDArray x, int groups, NDArray gamma, NDArray beta, float eps) {
        Shape shape = x.getShape();
        BatchNormOps.requireRank(shape);
        BatchNormOps.requireEps(eps);
        long channels = shape.get(1);
        if (groups < 1 || channels % groups != 0) {
            throw new IllegalArgumentException(
                    "groups must be at least 1 and divide the "
                            + channels
                            + " channels of x, got "
                            + groups);
        }
        BatchNormOps.requirePair("gamma", gamma, "beta", beta, channels);

        // (N, G, C/G · spatial): one group's values on the last axis
        NDArray grouped = x.reshape(shape.get(0), groups, -1);
        NDArray mean = grouped.mean(new int[] {2}, true);
        NDArray centered = grouped.sub(mean);
        // two-pass biased variance, as batchNorm computes it
        NDArray variance = centered.square().mean(new int[] {2}, true);
        NDArray output = centered.div(variance.add(eps).sqrt()).reshape(shape);
        if (gamma != null) {
            Shape statShape = BatchNormOps.statShape(shape);
            output =
                    output.mul(BatchNormOps.broadcastable(x, gamma, statShape))
                            .add(BatchNormOps.broadcastable(x, beta, statShape));
        }
        return output;
    }
}
