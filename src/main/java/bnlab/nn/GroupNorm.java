package bnlab.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Group normalization as a block, a thin wrapper of {@link GroupNormOps#groupNorm}: per example and
 * group of channels, the same in training and inference, no moving statistics. Its parameters are
 * {@code gamma} (ones) and {@code beta} (zeros) of shape (C), trainable unless the block is built
 * with {@code optAffine(false)}, which keeps them fixed at 1 and 0. Layer normalization is one
 * group ({@link Builder#optGroups(int) optGroups(1)}), instance normalization one group per channel
 * ({@link Builder#optGroupPerChannel()}).
 */
public final class GroupNorm extends PerChannelNormBlock {

    private final int groups;
    private final boolean perChannel;
    private final float epsilon;
    private final boolean affine;
    private final Parameter gamma;
    private final Parameter beta;

    private GroupNorm(Builder builder) {
        super("GroupNorm");
        groups = builder.groups;
        perChannel = builder.perChannel;
        epsilon = builder.epsilon;
        affine = builder.affine;
        // kept when not affine, with no gradient: the saved model has the same parameters
        gamma = addParameter(param("gamma", Parameter.Type.GAMMA, affine));
        beta = addParameter(param("beta", Parameter.Type.BETA, affine));
    }

    /**
     * A builder with one group (layer normalization), ε = 1e-5, learned γ and β.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Device device = x.getDevice();
        NDArray gammaArr = parameterStore.getValue(gamma, device, training);
        NDArray betaArr = parameterStore.getValue(beta, device, training);
        int g = perChannel ? Math.toIntExact(x.getShape().get(1)) : groups;
        return new NDList(GroupNormOps.groupNorm(x, g, gammaArr, betaArr, epsilon));
    }

    /** {@inheritDoc} */
    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        long channels = inputShapes[0].get(1);
        if (!perChannel && channels % groups != 0) {
            throw new IllegalArgumentException(
                    groups + " groups do not divide the " + channels + " channels of the input");
        }
    }

    @Override
    Parameter[] perChannelParameters() {
        return new Parameter[] {gamma, beta};
    }

    /**
     * Describes the configuration, e.g. {@code GroupNorm(groups=2, eps=1e-05)}.
     *
     * @return a readable description
     */
    @Override
    public String toString() {
        return "GroupNorm(groups="
                + (perChannel ? "per channel" : Integer.toString(groups))
                + ", eps="
                + ScratchBatchNorm.pyFloat(epsilon)
                + (affine ? "" : ", affine=false")
                + ")";
    }

    /** Builds a {@link GroupNorm}; {@link #build()} validates it. */
    public static final class Builder extends NormBuilder<Builder> {
        private int groups = 1;
        private boolean perChannel;

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the number of groups, which must divide the input's channels. Defaults to 1 (layer
         * normalization).
         *
         * @param groups the number of groups, at least 1
         * @return this builder
         */
        public Builder optGroups(int groups) {
            this.groups = groups;
            perChannel = false;
            return this;
        }

        /**
         * One group per channel, whatever the input's channel count: instance normalization.
         *
         * @return this builder
         */
        public Builder optGroupPerChannel() {
            perChannel = true;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException naming a bad groups or epsilon
         */
        public GroupNorm build() {
            if (!perChannel && groups < 1) {
                throw new IllegalArgumentException("groups must be at least 1, got " + groups);
            }
            validate();
            return new GroupNorm(this);
        }
    }
}
