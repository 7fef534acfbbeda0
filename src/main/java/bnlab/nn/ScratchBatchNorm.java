package bnlab.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.math.BigDecimal;

/**
 * A batch normalization block built on {@link BatchNormOps#trainingStep} and {@link
 * BatchNormOps#inference}: y = γ·(x − μ)/√(σ² + ε) + β, per channel (axis 1) of a (N, C), (N, C, L)
 * or (N, C, H, W) input.
 *
 * <p>Parameters, named like DJL's {@code BatchNorm}: {@code gamma} (ones, trainable) and {@code
 * beta} (zeros, trainable) unless {@link Builder#optAffine(boolean) affine} is off; {@code
 * runningMean} (zeros) and {@code runningVar} (ones), not trainable, unless {@link
 * Builder#optTrackRunningStatistics(boolean) tracking} is off; and, with {@link
 * Builder#optCumulativeAverage()}, {@code numBatchesTracked}, an int64 counter of shape (1). All
 * have shape (C) except the counter, and all are saved and loaded with the model.
 *
 * <p>For fine-tuning, the statistics and the affine parameters freeze separately: {@link
 * Builder#optFreezeStatistics(boolean)} normalises with the running statistics in training too and
 * leaves them unchanged; {@link Builder#optFreezeAffine(boolean)} keeps γ and β out of the gradient
 * (as DJL's {@code Parameter.freeze} does, which alone leaves the statistics moving).
 *
 * <p>In training the running statistics are overwritten in place on the arrays the {@link
 * ParameterStore} hands out (and on the parameter's own array, when the store holds a copy), so
 * trainers, optimizers and savers see the new values. They are updated as {@code running = momentum
 * · running + (1 − momentum) · batch}, momentum being the weight of the old value as in DJL's
 * {@code BatchNorm}.
 */
public class ScratchBatchNorm extends PerChannelNormBlock {

    // ε, momentum and the moving variance's kind, as BatchNormOps takes them
    private final BatchNormOps.Options options;
    private final boolean affine;
    private final boolean trackRunningStatistics;
    private final boolean cumulativeAverage;
    private final boolean freezeStatistics;
    private final boolean freezeAffine;
    // batch renormalization's limits, or NaN for plain batch norm
    private final float rMax;
    private final float dMax;

    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private final Parameter numBatchesTracked;

    ScratchBatchNorm(Builder builder) {
        super("ScratchBatchNorm");
        options =
                BatchNormOps.Options.DEFAULTS
                        .withEps(builder.epsilon)
                        .withMomentum(builder.momentum)
                        .withUnbiasedRunningVariance(builder.unbiasedRunningVariance);
        affine = builder.affine;
        trackRunningStatistics = builder.trackRunningStatistics;
        cumulativeAverage = builder.cumulativeAverage;
        freezeStatistics = builder.freezeStatistics;
        freezeAffine = builder.freezeAffine;
        rMax = builder.rMax;
        dMax = builder.dMax;

        // absent, not frozen: a block without affine/tracking has no such parameters at all
        gamma = affine ? addParameter(param("gamma", Parameter.Type.GAMMA, !freezeAffine)) : null;
        beta = affine ? addParameter(param("beta", Parameter.Type.BETA, !freezeAffine)) : null;
        runningMean =
                trackRunningStatistics
                        ? addParameter(param("runningMean", Parameter.Type.RUNNING_MEAN, false))
                        : null;
        runningVar =
                trackRunningStatistics
                        ? addParameter(param("runningVar", Parameter.Type.RUNNING_VAR, false))
                        : null;
        numBatchesTracked =
                cumulativeAverage
                        ? addParameter(
                                Parameter.builder()
                                        .setName("numBatchesTracked")
                                        .setType(Parameter.Type.OTHER)
                                        .optShape(new Shape(1))
                                        // int64 like PyTorch's num_batches_tracked: exact counts
                                        .optInitializer(
                                                (manager, shape, type) ->
                                                        manager.zeros(shape, DataType.INT64))
                                        .optRequiresGrad(false)
                                        .build())
                        : null;
    }

    /**
     * Creates a builder with the defaults eps = 1e-5, momentum = 0.9, affine, tracking running
     * statistics, biased running variance.
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
        NDArray gammaArr = parameterStore.getValue(gamma, device, training);
        NDArray betaArr = parameterStore.getValue(beta, device, training);
        NDArray meanArr = parameterStore.getValue(runningMean, device, training);
        NDArray varArr = parameterStore.getValue(runningVar, device, training);

        if (training && freezeStatistics) {
            // frozen: inference's normalisation, with gradients to x, γ and β; nothing updated
            return new NDList(
                    BatchNormOps.inference(x, gammaArr, betaArr, meanArr, varArr, options)
                            .output());
        }
        BatchNormOps.Options step = options;
        NDArray counter = null;
        if (training && cumulativeAverage) {
            counter = parameterStore.getValue(numBatchesTracked, device, training);
            // the n-th batch gets weight 1/n, which keeps a plain average of all batches
            long n = counter.getLong() + 1;
            step = options.withMomentum(1f - 1f / n);
        }
        BatchNormOps.Result result =
                !training
                        ? BatchNormOps.inference(x, gammaArr, betaArr, meanArr, varArr, step)
                        : isRenormalizing()
                                ? BatchRenormOps.batchRenorm(
                                        true, x, gammaArr, betaArr, meanArr, varArr, rMax, dMax,
                                        step)
                                : BatchNormOps.trainingStep(
                                        x, gammaArr, betaArr, meanArr, varArr, step);
        if (training && trackRunningStatistics) {
            overwrite(runningMean, meanArr, result.movingMean());
            overwrite(runningVar, varArr, result.movingVar());
            if (counter != null) {
                NDArray next = counter.add(1);
                next.attach(x.getManager()); // a per-batch temporary, not model state
                overwrite(numBatchesTracked, counter, next);
            }
        }
        return new NDList(result.output());
    }

    @Override
    Parameter[] perChannelParameters() {
        return new Parameter[] {gamma, beta, runningMean, runningVar};
    }

    /**
     * Returns ε, the constant added to the variance.
     *
     * @return the epsilon
     */
    public float getEpsilon() {
        return options.eps();
    }

    /**
     * Returns the weight of the old running statistics in their update; not used when {@link
     * #isCumulativeAverage()}.
     *
     * @return the momentum
     */
    public float getMomentum() {
        return options.momentum();
    }

    /**
     * Returns whether the block has the trainable {@code gamma} and {@code beta} parameters.
     *
     * @return whether the block is affine
     */
    public boolean isAffine() {
        return affine;
    }

    /**
     * Returns whether the block keeps {@code runningMean} and {@code runningVar}; without them it
     * normalizes with batch statistics in inference too.
     *
     * @return whether running statistics are tracked
     */
    public boolean isTrackingRunningStatistics() {
        return trackRunningStatistics;
    }

    /**
     * Returns whether the running statistics are the plain average over all training batches
     * (PyTorch's {@code momentum=None}) instead of an exponential moving average.
     *
     * @return whether a cumulative average is kept
     */
    public boolean isCumulativeAverage() {
        return cumulativeAverage;
    }

    /**
     * Returns whether the running variance is fed the unbiased batch variance m/(m−1)·σ², as
     * PyTorch (and DJL on PyTorch) does.
     *
     * @return whether the running variance is unbiased
     */
    public boolean isUnbiasedRunningVariance() {
        return options.unbiasedRunningVariance();
    }

    /**
     * Returns whether the statistics are frozen: training normalises with the running statistics
     * and does not update them.
     *
     * @return whether the statistics are frozen
     */
    public boolean isFreezingStatistics() {
        return freezeStatistics;
    }

    /**
     * Returns whether γ and β are frozen: created without gradient, so no optimizer changes them.
     *
     * @return whether the affine parameters are frozen
     */
    public boolean isFreezingAffine() {
        return freezeAffine;
    }

    /**
     * Returns whether training renormalizes the batch (batch renormalization, {@link
     * BatchRenormOps}) instead of plain batch norm; inference is the same either way.
     *
     * @return whether the block renormalizes
     */
    public boolean isRenormalizing() {
        return !Float.isNaN(rMax);
    }

    /**
     * Describes the configuration, e.g. {@code ScratchBatchNorm(eps=1e-05, momentum=0.9)}; options
     * that differ from the defaults are appended.
     *
     * @return a readable description
     */
    @Override
    public String toString() {
        StringBuilder sb =
                new StringBuilder("ScratchBatchNorm(eps=").append(pyFloat(options.eps()));
        if (cumulativeAverage) {
            sb.append(", cumulativeAverage=true");
        } else {
            sb.append(", momentum=").append(pyFloat(options.momentum()));
        }
        if (!affine) {
            sb.append(", affine=false");
        }
        if (!trackRunningStatistics) {
            sb.append(", trackRunningStatistics=false");
        }
        if (options.unbiasedRunningVariance()) {
            sb.append(", unbiasedRunningVariance=true");
        }
        if (freezeStatistics) {
            sb.append(", freezeStatistics=true");
        }
        if (freezeAffine) {
            sb.append(", freezeAffine=true");
        }
        if (isRenormalizing()) {
            sb.append(", rMax=").append(pyFloat(rMax)).append(", dMax=").append(pyFloat(dMax));
        }
        return sb.append(')').toString();
    }

    /** Formats like Python's repr of a float: 1e-05, 0.0001, 0.9, 1.0. */
    static String pyFloat(float value) {
        // Float.toString gives the shortest decimal that round-trips; only the layout differs
        BigDecimal d = new BigDecimal(Float.toString(value)).stripTrailingZeros();
        if (d.signum() == 0) {
            return "0.0";
        }
        int exponent = d.precision() - d.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            String digits = d.unscaledValue().abs().toString();
            String mantissa =
                    digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (d.signum() < 0 ? "-" : "")
                    + mantissa
                    + String.format("e%s%02d", exponent < 0 ? "-" : "+", Math.abs(exponent));
        }
        String plain = d.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    /** Builds a {@link ScratchBatchNorm}; {@link #build()} validates the combination. */
    public static final class Builder extends NormBuilder<Builder> {

        private float momentum = 0.9f;
        private boolean momentumSet;
        private boolean trackRunningStatistics = true;
        private boolean cumulativeAverage;
        private boolean unbiasedRunningVariance;
        private boolean freezeStatistics;
        private boolean freezeAffine;
        private float rMax = Float.NaN;
        private float dMax = Float.NaN;

        Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /**
         * Sets the weight of the old running statistics, in [0, 1]. Defaults to 0.9 (PyTorch's
         * 0.1). Excludes {@link #optCumulativeAverage()}.
         *
         * @param momentum the momentum
         * @return this builder
         */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            momentumSet = true;
            return this;
        }

        /**
         * Keeps the plain average of the statistics of all training batches (PyTorch's {@code
         * momentum=None}), counting batches in a saved {@code numBatchesTracked} parameter.
         * Excludes {@link #optMomentum(float)}; requires tracking running statistics.
         *
         * @return this builder
         */
        public Builder optCumulativeAverage() {
            cumulativeAverage = true;
            return this;
        }

        /**
         * Sets whether the running variance is fed the unbiased batch variance m/(m−1)·σ², as
         * PyTorch does. Defaults to false (biased, as in Dive into Deep Learning).
         *
         * @param unbiased whether to use the unbiased variance
         * @return this builder
         */
        public Builder optUnbiasedRunningVariance(boolean unbiased) {
            unbiasedRunningVariance = unbiased;
            return this;
        }

        /**
         * Sets whether to keep {@code runningMean} and {@code runningVar}. Defaults to true; false
         * creates no such parameters and normalizes with batch statistics in inference too.
         *
         * @param track whether to track running statistics
         * @return this builder
         */
        public Builder optTrackRunningStatistics(boolean track) {
            trackRunningStatistics = track;
            return this;
        }

        /**
         * Sets whether the statistics are frozen: in training the block normalises with the running
         * statistics, as in inference (gradients still reach x, γ and β), and leaves them
         * unchanged. Defaults to false. Requires tracking running statistics.
         *
         * @param freeze whether to freeze the statistics
         * @return this builder
         */
        public Builder optFreezeStatistics(boolean freeze) {
            freezeStatistics = freeze;
            return this;
        }

        /**
         * Sets whether γ and β are frozen: created without gradient, so that they keep their
         * initial or loaded values. Defaults to false. Requires affine.
         *
         * @param freeze whether to freeze γ and β
         * @return this builder
         */
        public Builder optFreezeAffine(boolean freeze) {
            freezeAffine = freeze;
            return this;
        }

        /**
         * Trains with batch renormalization (Ioffe 2017, {@link BatchRenormOps}) instead of batch
         * norm: the batch statistics corrected towards the moving ones by r, clipped to [1/rMax,
         * rMax], and d, clipped to [−dMax, dMax]. Requires tracking running statistics. Off by
         * default.
         *
         * @param rMax the limit of r, at least 1 (the paper's final value: 3)
         * @param dMax the limit of d, at least 0 (the paper's final value: 5)
         * @return this builder
         */
        public Builder optRenormalization(float rMax, float dMax) {
            this.rMax = rMax;
            this.dMax = dMax;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return the block
         * @throws IllegalArgumentException if the options are invalid or contradict each other
         */
        public ScratchBatchNorm build() {
            validate();
            BatchNormOps.requireMomentum(momentum);
            if (cumulativeAverage && momentumSet) {
                throw new IllegalArgumentException(
                        "optMomentum and optCumulativeAverage are mutually exclusive");
            }
            if (cumulativeAverage && !trackRunningStatistics) {
                throw new IllegalArgumentException(
                        "optCumulativeAverage requires optTrackRunningStatistics(true)");
            }
            if (freezeStatistics && !trackRunningStatistics) {
                throw new IllegalArgumentException(
                        "optFreezeStatistics requires optTrackRunningStatistics(true)");
            }
            if (freezeAffine && !affine) {
                throw new IllegalArgumentException("optFreezeAffine requires optAffine(true)");
            }
            if (!Float.isNaN(rMax) || !Float.isNaN(dMax)) {
                BatchRenormOps.requireLimits(rMax, dMax);
                if (!trackRunningStatistics) {
                    throw new IllegalArgumentException(
                            "optRenormalization requires optTrackRunningStatistics(true)");
                }
            }
            return new ScratchBatchNorm(this);
        }
    }
}
