package bnlab.report;

import java.util.Objects;

/**
 * The learned and tracked values of one batch-norm layer of a trained LeNet, one per channel.
 *
 * @param index the layer's position in the network (as in the layer listing)
 * @param type the block's class name, e.g. {@code ScratchBatchNorm} or {@code BatchNorm}
 * @param gamma the learned scale
 * @param beta the learned shift
 * @param movingMean the moving mean used in inference
 * @param movingVar the moving variance used in inference
 */
public record BatchNormLayer(
        int index,
        String type,
        float[] gamma,
        float[] beta,
        float[] movingMean,
        float[] movingVar) {

    /** Checks that every array has one value per channel, and copies them. */
    public BatchNormLayer {
        Objects.requireNonNull(type, "type");
        int channels = gamma.length;
        for (float[] values : new float[][] {beta, movingMean, movingVar}) {
            if (values.length != channels) {
                throw new IllegalArgumentException(
                        "layer "
                                + index
                                + ": expected "
                                + channels
                                + " values per array, got "
                                + values.length);
            }
        }
        gamma = gamma.clone();
        beta = beta.clone();
        movingMean = movingMean.clone();
        movingVar = movingVar.clone();
    }

    /** The number of channels. */
    public int channels() {
        return gamma.length;
    }

    @Override
    public float[] gamma() {
        return gamma.clone();
    }

    @Override
    public float[] beta() {
        return beta.clone();
    }

    @Override
    public float[] movingMean() {
        return movingMean.clone();
    }

    @Override
    public float[] movingVar() {
        return movingVar.clone();
    }
}
