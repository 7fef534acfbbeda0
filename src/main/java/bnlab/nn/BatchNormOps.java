package bnlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Batch normalization as a plain function of NDArrays (Dive into Deep Learning, section 5.10).
 *
 * <p>For every channel {@code c} the output is
 *
 * <pre>
 *     y = γ·(x − μ)/√(σ² + ε) + β
 * </pre>
 *
 * where, in training, {@code μ} and {@code σ²} are the mean and the biased variance of the batch
 * over all values of that channel (axis 0 and every axis after 1), and in inference they are the
 * moving statistics. The moving statistics are updated as {@code moving = momentum · moving + (1 −
 * momentum) · batch}: {@code momentum} is the weight of the old value, as in DJL's {@code
 * BatchNorm} (PyTorch's momentum {@code p} equals {@code 1 − momentum} here).
 */
public final class BatchNormOps {

    private BatchNormOps() {}

    /**
     * The outcome of one batch normalization step.
     *
     * @param output the normalized input, same shape and data type as the input
     * @param movingMean the moving mean after this step, in the shape it was given; the given array
     *     itself in inference; {@code null} when no running statistics are kept
     * @param movingVar the moving variance after this step, like {@code movingMean}
     */
    public record Result(NDArray output, NDArray movingMean, NDArray movingVar) {}

    /**
     * Applies batch normalization with an affine transform and running statistics, keeping the
     * biased batch variance in the moving variance.
     *
     * @param training whether to normalize with the batch statistics and update the moving ones
     * @param x input of shape (N, C), (N, C, L) or (N, C, H, W)
     * @param gamma scale, C values shaped (C) or (1, C, 1...)
     * @param beta shift, C values shaped like {@code gamma}
     * @param movingMean moving mean, C values
     * @param movingVar moving variance, C values
     * @param eps positive constant added to the variance
     * @param momentum weight of the old moving statistics, in [0, 1]
     * @return the output and the (new) moving statistics; every array the function creates belongs
     *     to {@code x}'s manager, so a per-batch manager releases it
     * @throws IllegalArgumentException if a shape or a hyper-parameter is invalid
     */
    public static Result batchNorm(
            boolean training,
            NDArray x,
            NDArray gamma,
            NDArray beta,
            NDArray movingMean,
            NDArray movingVar,
            float eps,
            float momentum) {
        Options options = Options.DEFAULTS.withEps(eps).withMomentum(momentum);
        return normalize(training, x, gamma, beta, movingMean, movingVar, options);
    }

    /**
     * The hyper-parameters of one batch normalization call. Start from {@link #DEFAULTS} and change
     * what differs, so that every value is named where it is set: {@code
     * Options.DEFAULTS.withEps(1e-3f).withUnbiasedRunningVariance(true)}.
     *
     * @param eps positive finite constant added to the variance
     * @param momentum weight of the old moving statistics, in [0, 1]; only used in training
     * @param unbiasedRunningVariance whether the moving variance is fed m/(m−1)·σ² (m values per
     *     channel) instead of σ², as PyTorch does; normalization always uses the biased σ²; only
     *     used in training
     */
    public record Options(float eps, float momentum, boolean unbiasedRunningVariance) {

        /** ε = 1e-5, momentum 0.9 (PyTorch's 0.1), biased moving variance: the chapter's. */
        public static final Options DEFAULTS = new Options(1e-5f, 0.9f, false);

        /** Validates {@code eps} and {@code momentum}. */
        public Options {
            requireEps(eps);
            requireMomentum(momentum);
        }

        /** These options with ε = {@code eps}. */
        public Options withEps(float eps) {
            return new Options(eps, momentum, unbiasedRunningVariance);
        }

        /** These options with the old moving statistics weighted by {@code momentum}. */
        public Options withMomentum(float momentum) {
            return new Options(eps, momentum, unbiasedRunningVariance);
        }

        /**
         * These options with the moving variance fed the unbiased ({@code true}) batch variance.
         */
        public Options withUnbiasedRunningVariance(boolean unbiased) {
            return new Options(eps, momentum, unbiased);
        }
    }

    /**
     * One training step of batch normalization, y = γ·(x − μ)/√(σ² + ε) + β with the batch's mean μ
     * and biased variance σ², which also blends the batch statistics into the moving ones.
     *
     * <p>{@code gamma} and {@code beta} may both be {@code null} (no affine transform, y = (x −
     * μ)/√(σ² + ε)). {@code movingMean} and {@code movingVar} may both be {@code null} (no running
     * statistics kept): then the returned moving statistics are {@code null} too. The returned
     * moving statistics never carry gradient history.
     *
     * @param x input of shape (N, C), (N, C, L) or (N, C, H, W), float32 or float64
     * @param gamma scale, C values shaped (C) or (1, C, 1...), or {@code null}
     * @param beta shift, C values, or {@code null} together with {@code gamma}
     * @param movingMean moving mean, C values, or {@code null}
     * @param movingVar moving variance, C values, or {@code null} together with {@code movingMean}
     * @param options ε, momentum and the kind of variance fed to the moving variance
     * @return the output and the new moving statistics; every array the function creates belongs to
     *     {@code x}'s manager, so a per-batch manager releases it
     * @throws IllegalArgumentException if a shape is invalid
     */
    public static Result trainingStep(
            NDArray x,
            NDArray gamma,
            NDArray beta,
            NDArray movingMean,
            NDArray movingVar,
            Options options) {
        return normalize(true, x, gamma, beta, movingMean, movingVar, options);
    }

    /**
     * Batch normalization in inference: y = γ·(x − μ)/√(σ² + ε) + β with the moving μ and σ², or,
     * when {@code movingMean} and {@code movingVar} are both {@code null}, with the batch's
     * statistics (as PyTorch does for a layer that keeps none).
     *
     * @param x input of shape (N, C), (N, C, L) or (N, C, H, W), float32 or float64
     * @param gamma scale, C values shaped (C) or (1, C, 1...), or {@code null}
     * @param beta shift, C values, or {@code null} together with {@code gamma}
     * @param movingMean moving mean, C values, or {@code null}
     * @param movingVar moving variance, C values, or {@code null} together with {@code movingMean}
     * @param options supplies ε (momentum and variance kind only matter in training)
     * @return the output, and the given moving statistics themselves
     * @throws IllegalArgumentException if a shape is invalid
     */
    public static Result inference(
            NDArray x,
            NDArray gamma,
            NDArray beta,
            NDArray movingMean,
            NDArray movingVar,
            Options options) {
        return normalize(false, x, gamma, beta, movingMean, movingVar, options);
    }

    private static Result normalize(
            boolean training,
            NDArray x,
            NDArray gamma,
            NDArray beta,
            NDArray movingMean,
            NDArray movingVar,
            Options options) {
        float eps = options.eps();
        Shape shape = x.getShape();
        requireRank(shape);
        long channels = shape.get(1);
        requirePair("gamma", gamma, "beta", beta, channels);
        requirePair("movingMean", movingMean, "movingVar", movingVar, channels);
        boolean tracking = movingMean != null;
        boolean batchStats = training || !tracking;
        long m = valuesPerChannel(shape, batchStats);

        // statistics are kept as (1, C, 1...) so that they broadcast against x
        Shape statShape = statShape(shape);

        NDArray centered;
        NDArray variance;
        BatchStatistics batch = null;
        if (batchStats) {
            batch = batchStatistics(x, m);
            centered = batch.centered();
            variance = batch.variance();
        } else {
            centered = x.sub(broadcastable(x, movingMean, statShape));
            variance = broadcastable(x, movingVar, statShape);
        }

        // No Number operand in an op whose backward reads it: DJL turns the Number into a tensor
        // over a direct buffer and closes it at once, so autograd would later read freed memory
        // (seen as flaky gradients). add(eps) is safe: its backward does not read eps.
        NDArray std = variance.add(eps).sqrt();
        // γ/σ is C-sized, so the full-size tensor sees one mul (or div) and one add
        NDArray output =
                gamma == null
                        ? centered.div(std)
                        : centered.mul(broadcastable(x, gamma, statShape).div(std));
        if (beta != null) {
            output = output.add(broadcastable(x, beta, statShape));
        }

        if (!tracking) {
            return new Result(output, null, null);
        }
        if (!training) {
            return new Result(output, movingMean, movingVar);
        }
        return withMovingUpdate(x, output, movingMean, movingVar, batch, options);
    }

    /**
     * A training step's batch statistics per channel, shaped (1, C, 1...) to broadcast against x.
     *
     * @param mean the batch mean μ
     * @param variance the biased batch variance σ²
     * @param centered x − μ
     * @param m the values per channel they were taken over
     */
    record BatchStatistics(NDArray mean, NDArray variance, NDArray centered, long m) {}

    /** The batch statistics of {@code x}, m values per channel (see {@link #valuesPerChannel}). */
    static BatchStatistics batchStatistics(NDArray x, long m) {
        NDArray count = count(x, m);
        NDArray mean = channelMean(x, count);
        NDArray centered = x.sub(mean);
        // two-pass variance: stable even when |mean| >> std, unlike E[x²] − E[x]²
        return new BatchStatistics(mean, channelMean(centered.square(), count), centered, m);
    }

    /**
     * The result of a training step with {@code output}: the moving statistics blended with the
     * step's {@code batch} statistics, which are detached (the moving statistics are state, not
     * part of the graph); the moving variance is fed m/(m−1)·σ² where the options say so.
     */
    static Result withMovingUpdate(
            NDArray x,
            NDArray output,
            NDArray movingMean,
            NDArray movingVar,
            BatchStatistics batch,
            Options options) {
        NDArray meanUpdate = batch.mean().stopGradient().reshape(movingMean.getShape());
        NDArray varUpdate = batch.variance().stopGradient().reshape(movingVar.getShape());
        if (options.unbiasedRunningVariance()) {
            varUpdate = varUpdate.mul((double) batch.m() / (batch.m() - 1));
        }
        NDArray newMean = blend(x, movingMean, meanUpdate, options.momentum());
        NDArray newVar = blend(x, movingVar, varUpdate, options.momentum());
        return new Result(output, newMean, newVar);
    }

    /** Rejects an input that is not (N, C), (N, C, L) or (N, C, H, W), or that is empty. */
    static void requireRank(Shape shape) {
        int rank = shape.dimension();
        if (rank < 2 || rank > 4) {
            throw new IllegalArgumentException(
                    "x must have rank 2, 3 or 4, got shape " + shape + " of rank " + rank);
        }
        if (shape.size() == 0) {
            throw new IllegalArgumentException("x must not be empty, got shape " + shape);
        }
    }

    static void requireEps(float eps) {
        requireEps("eps", eps);
    }

    /** ε under the name the caller knows it by ({@code eps} here, {@code epsilon} in builders). */
    static void requireEps(String name, float eps) {
        if (!(eps > 0) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + eps);
        }
    }

    static void requireMomentum(float momentum) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
        }
    }

    /**
     * The number m of values per channel (N times the spatial extent), rejecting m = 1 when batch
     * statistics are used: a single value has no spread, as PyTorch says.
     */
    static long valuesPerChannel(Shape shape, boolean batchStats) {
        long m = shape.size() / shape.get(1);
        if (batchStats && m == 1) {
            throw new IllegalArgumentException(
                    "Expected more than 1 value per channel when training, got input size "
                            + torchSize(shape));
        }
        return m;
    }

    /**
     * Per-channel mean over every axis but 1, shaped (1, C, 1...): one multi-axis sum (DJL's
     * PyTorch {@code mean} takes a single axis, {@code sum} several) divided by {@code count}, a
     * tensor holding m, so that autograd keeps it alive for the backward pass.
     */
    static NDArray channelMean(NDArray a, NDArray count) {
        int rank = a.getShape().dimension();
        int[] axes = new int[rank - 1];
        for (int i = 0, k = 0; i < rank; i++) {
            if (i != 1) {
                axes[k++] = i;
            }
        }
        return a.sum(axes, true).div(count);
    }

    static Shape statShape(Shape shape) {
        long[] dims = new long[shape.dimension()];
        Arrays.fill(dims, 1);
        dims[1] = shape.get(1);
        return new Shape(dims);
    }

    static NDArray blend(NDArray x, NDArray moving, NDArray batch, float momentum) {
        // detach unconditionally: DJL's hasGradient() is unreliable for non-leaf arrays; detached,
        // the Number operands below are safe (no backward reads them)
        NDArray old = scoped(x, moving, moving.stopGradient());
        return batch.mul(1 - momentum).add(old.mul(momentum));
    }

    /**
     * Hands {@code derived}, a new array made from the long-lived {@code source} (a parameter or
     * moving statistic), to {@code x}'s manager. DJL attaches a result to its receiver's manager,
     * so without this every call would leave arrays in the model's manager: memory that grows with
     * every batch. With it, everything this function creates is released with {@code x}'s manager
     * (a caller's per-batch scope).
     */
    static NDArray scoped(NDArray x, NDArray source, NDArray derived) {
        if (derived != source) {
            derived.attach(x.getManager());
        }
        return derived;
    }

    /**
     * {@code perChannel} (C values, a parameter or moving statistic) reshaped to {@code statShape}
     * so that it broadcasts against {@code x}, in {@code x}'s manager (see {@link #scoped}).
     */
    static NDArray broadcastable(NDArray x, NDArray perChannel, Shape statShape) {
        return scoped(x, perChannel, perChannel.reshape(statShape));
    }

    /** m, the values per channel, as a scalar of {@code x}'s type for {@link #channelMean}. */
    static NDArray count(NDArray x, long m) {
        return x.getManager().full(new Shape(), m, x.getDataType());
    }

    static void requirePair(
            String firstName, NDArray first, String secondName, NDArray second, long channels) {
        if ((first == null) != (second == null)) {
            throw new IllegalArgumentException(
                    firstName + " and " + secondName + " must both be null or both be non-null");
        }
        requireChannels(firstName, first, channels);
        requireChannels(secondName, second, channels);
    }

    static void requireChannels(String name, NDArray array, long channels) {
        if (array != null && array.size() != channels) {
            throw new IllegalArgumentException(
                    name
                            + " must have "
                            + channels
                            + " elements (one per channel), got "
                            + array.size()
                            + " (shape "
                            + array.getShape()
                            + ")");
        }
    }

    /** Formats a shape like PyTorch's error messages: {@code (1, 10)}. */
    static String torchSize(Shape shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.dimension(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape.get(i));
        }
        return sb.append(')').toString();
    }
}
