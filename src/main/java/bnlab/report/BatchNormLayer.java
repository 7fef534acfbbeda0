package bnlab.report;

import java.util.Objects;

/**
 * The learned and tracked values of one batch-norm layer of a trained LeNet, one per channel.
 *
 * @param index the layer's position in the network (as in the layer listing)
 * @param type the block's class name, e.g. {@code ScratchBatchNorm} or {@code BatchNorm}
 * @param channels the number of channels, at least 1
 * @param gamma the learned scale, or {@code null} for a layer without affine parameters
 * @param beta the learned shift, {@code null} exactly when {@code gamma} is
 * @param movingMean the moving mean used in inference, or {@code null} for a layer that keeps no
 *     running statistics
 * @param movingVar the moving variance, {@code null} exactly when {@code movingMean} is
 */
public record BatchNormLayer(
        int index,
        String type,
        int channels,
        float[] gamma,
        float[] beta,
        float[] movingMean,
        float[] movingVar) {

    /** Checks that the pairs are given together, one value per channel, and copies them. */
    public BatchNormLayer {
        Objects.requireNonNull(type, "type");
        if (channels < 1) {
            throw new IllegalArgumentException(
                    "layer " + index + ": channels must be at least 1, got " + channels);
        }
        if ((gamma == null) != (beta == null) || (movingMean == null) != (movingVar == null)) {
            throw new IllegalArgumentException(
                    "layer "
                            + index
                            + ": gamma and beta, and the moving mean and variance, come in pairs");
        }
        for (float[] values : new float[][] {gamma, beta, movingMean, movingVar}) {
            if (values != null && values.length != channels) {
                throw new IllegalArgumentException(
                        "layer "
                                + index
                                + ": expected "
                                + channels
                                + " values per array, got "
                                + values.length);
            }
        }
        gamma = copy(gamma);
        beta = copy(beta);
        movingMean = copy(movingMean);
        movingVar = copy(movingVar);
    }

    /** Whether the layer has the learned gamma and beta. */
    public boolean hasAffine() {
        return gamma != null;
    }

    /** Whether the layer keeps a moving mean and variance. */
    public boolean hasMovingStatistics() {
        return movingMean != null;
    }

    @Override
    public float[] gamma() {
        return copy(gamma);
    }

    @Override
    public float[] beta() {
        return copy(beta);
    }

    @Override
    public float[] movingMean() {
        return copy(movingMean);
    }

    @Override
    public float[] movingVar() {
        return copy(movingVar);
    }

    private static float[] copy(float[] values) {
        return values == null ? null : values.clone();
    }
}
