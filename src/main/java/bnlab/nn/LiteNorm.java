package bnlab.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A "lite" batch normalization block built on {@link LiteNormOps}, per channel (axis 1) of a (N,
 * C), (N, C, L) or (N, C, H, W) input: {@link Kind#MEAN_ONLY mean-only}, y = x − μ + β, or {@link
 * Kind#VARIANCE_ONLY variance-only}, y = γ·x/√(σ² + ε).
 *
 * <p>Parameters, named like {@link ScratchBatchNorm}'s: mean-only has {@code beta} (zeros,
 * trainable) unless {@link Builder#optAffine(boolean) affine} is off, and {@code runningMean}
 * (zeros, not trainable); variance-only has {@code gamma} (ones, trainable) unless affine is off,
 * and {@code runningVar} (ones, not trainable). All have shape (C) and are saved and loaded with
 * the model. In training the running statistic is overwritten in place, as in {@link
 * ScratchBatchNorm}.
 */
public class LiteNorm extends PerChannelNormBlock {

    /** Which half of batch normalization the block keeps. */
    public enum Kind {
        /** Subtracts the batch mean: y = x − μ + β. */
        MEAN_ONLY,
        /** Divides by the batch standard deviation, mean kept: y = γ·x/√(σ² + ε). */
        VARIANCE_ONLY
    }

    private final Kind kind;
    private final float epsilon;
    private final float momentum;
    private final boolean affine;

    /** β for mean-only, γ for variance-only; null without affine. */
    private final Parameter affineParameter;

    /** The running mean for mean-only, the running variance for variance-only. */
    private final Parameter running;

    LiteNorm(Builder builder) {
        super("LiteNorm");
        kind = builder.kind;
        epsilon = builder.epsilon;
        momentum = builder.momentum;
        affine = builder.affine;
        boolean meanOnly = kind == Kind.MEAN_ONLY;
        affineParameter =
                !affine
                        ? null
                        : addParameter(
                                meanOnly
                                        ? param("beta", Parameter.Type.BETA, true)
                                        : param("gamma", Parameter.Type.GAMMA, true));
        running =
                addParameter(
                        meanOnly
                                ? param("runningMean", Parameter.Type.RUNNING_MEAN, false)
                                : param("runningVar", Parameter.Type.RUNNING_VAR, false));
    }

    /**
     * Creates a builder with the defaults eps = 1e-5, momentum = 0.9, affine; {@link
     * Builder#setKind} is required.
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
        // getValue returns null for an absent (null) parameter
        NDArray affineArr = parameterStore.getValue(affineParameter, device, training);
        NDArray runningArr = parameterStore.getValue(running, device, training);
        BatchNormOps.Result result;
        NDArray updated;
        if (kind == Kind.MEAN_ONLY) {
            result = LiteNormOps.meanOnly(training, x, affineArr, runningArr, momentum);
            updated = result.movingMean();
        } else {
            result =
                    LiteNormOps.varianceOnly(training, x, affineArr, runningArr, epsilon, momentum);
            updated = result.movingVar();
        }
        if (training) {
            overwrite(running, runningArr, updated);
        }
        return new NDList(result.output());
    }

    @Override
    Parameter[] perChannelParameters() {
        return new Parameter[] {affineParameter, running};
    }

    /**
     * Returns which half of batch normalization the block keeps.
     *
     * @return the kind
     */
    public Kind getKind() {
        return kind;
    }

    /**
     * Returns ε, the constant added to the variance (used by variance-only only).
     *
     * @return the epsilon
     */
    public float getEpsilon() {
        return epsilon;
    }

    /**
     * Returns the weight of the old running statistic in its update.
     *
     * @return the momentum
     */
    public float getMomentum() {
        return momentum;
    }

    /**
     * Returns whether the block has its trainable {@code beta} (mean-only) or {@code gamma}
     * (variance-only).
     *
     * @return whether the block is affine
     */
    public boolean isAffine() {
        return affine;
    }

    /**
     * Describes the configuration, e.g. {@code MeanOnlyNorm(momentum=0.9)} or {@code
     * VarianceOnlyNorm(eps=1e-05, momentum=0.9, affine=false)}.
     *
     * @return a readable description
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (kind == Kind.MEAN_ONLY) {
            sb.append("MeanOnlyNorm(");
        } else {
            sb.append("VarianceOnlyNorm(eps=").append(ScratchBatchNorm.pyFloat(epsilon));
            sb.append(", ");
        }
        sb.append("momentum=").append(ScratchBatchNorm.pyFloat(momentum));
        if (!affine) {
            sb.append(", affine=false");
        }
        return sb.append(')').toString();
    }

    /** Builds a {@link LiteNorm}; {@link #build()} validates the settings. */
    public static final class Builder extends NormBuilder<Builder> {

        private Kind kind;
        private float momentum = 0.9f;

        Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets which half of batch normalization the block keeps (required).
         *
         * @param kind mean-only or variance-only
         * @return this builder
         */
        public Builder setKind(Kind kind) {
            this.kind = kind;
            return this;
        }

        /**
         * Sets the weight of the old running statistic, in [0, 1]. Defaults to 0.9 (PyTorch's 0.1).
         *
         * @param momentum the momentum
         * @return this builder
         */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException if the kind is missing or a setting is invalid
         */
        public LiteNorm build() {
            if (kind == null) {
                throw new IllegalArgumentException("kind must be set, MEAN_ONLY or VARIANCE_ONLY");
            }
            validate();
            BatchNormOps.requireMomentum(momentum);
            return new LiteNorm(this);
        }
    }
}
