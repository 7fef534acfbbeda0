package bnlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Batch renormalization (Ioffe, 2017, Algorithm 1) as a plain function of NDArrays: batch norm
 * corrected towards the moving statistics, so that training normalizes as inference will, which
 * helps where batch statistics are noisy (small batches).
 *
 * <p>In training, with the batch's per-channel mean μ_B and biased variance σ_B², σ_B = √(σ_B² +
 * ε), and the moving statistics μ and σ = √(σ² + ε):
 *
 * <pre>
 *     r = clip(σ_B/σ, 1/r_max, r_max)     d = clip((μ_B − μ)/σ, −d_max, d_max)
 *     y = γ·((x − μ_B)/σ_B · r + d) + β
 * </pre>
 *
 * where r and d are constants in the backward pass (no gradient flows through them). The moving
 * statistics are then updated as batch norm updates them ({@link BatchNormOps}). In inference y =
 * γ·(x − μ)/σ + β, exactly batch norm's. With r_max = 1 and d_max = 0, r = 1 and d = 0 and training
 * is batch norm's as well; the paper starts there and relaxes the limits to r_max = 3 and d_max = 5
 * over training.
 */
public final class BatchRenormOps {

    private BatchRenormOps() {}

    /** Rejects limits outside the paper's ranges: r_max ≥ 1 and d_max ≥ 0, both finite. */
    static void requireLimits(float rMax, float dMax) {
        if (!(rMax >= 1) || Float.isInfinite(rMax)) {
            throw new IllegalArgumentException("rMax must be at least 1 and finite, got " + rMax);
        }
        if (!(dMax >= 0) || Float.isInfinite(dMax)) {
            throw new IllegalArgumentException("dMax must be at least 0 and finite, got " + dMax);
        }
    }

    /**
     * One batch renormalization step.
     *
     * @param training whether to normalize with the corrected batch statistics and update the
     *     moving ones
     * @param x input of shape (N, C), (N, C, L) or (N, C, H, W), float32 or float64
     * @param gamma scale, C values, or {@code null}
     * @param beta shift, C values, or {@code null} together with {@code gamma}
     * @param movingMean moving mean, C values (required: the correction needs it)
     * @param movingVar moving variance, C values
     * @param rMax the limit of r, at least 1
     * @param dMax the limit of d, at least 0
     * @param options ε, momentum and the kind of variance fed to the moving variance
     * @return the output and the new moving statistics, as {@link BatchNormOps#trainingStep}
     * @throws IllegalArgumentException if a shape or a limit is invalid
     */
    public static BatchNormOps.Result batchRenorm(
            boolean training,
            NDArray x,
            NDArray gamma,
            NDArray beta,
            NDArray movingMean,
            NDArray movingVar,
            float rMax,
            float dMax,
            BatchNormOps.Options options) {
        requireLimits(rMax, dMax);
        if (movingMean == null || movingVar == null) {
            throw new IllegalArgumentException(
                    "batch renormalization needs movingMean and movingVar, got null");
        }
        Shape shape = x.getShape();
        BatchNormOps.requireRank(shape);
        long channels = shape.get(1);
        BatchNormOps.requirePair("gamma", gamma, "beta", beta, channels);
        BatchNormOps.requirePair("movingMean", movingMean, "movingVar", movingVar, channels);
        if (!training) {
            return BatchNormOps.inference(x, gamma, beta, movingMean, movingVar, options);
        }
        Shape statShape = BatchNormOps.statShape(shape);
        BatchNormOps.BatchStatistics batch =
                BatchNormOps.batchStatistics(x, BatchNormOps.valuesPerChannel(shape, true));
        NDArray std = batch.variance().add(options.eps()).sqrt();
        NDArray movingStd =
                BatchNormOps.broadcastable(x, movingVar, statShape).add(options.eps()).sqrt();
        // constants of the backward pass: no gradient flows through r and d
        NDArray r = std.stopGradient().div(movingStd).clip(1 / rMax, rMax);
        NDArray d =
                batch.mean()
                        .stopGradient()
                        .sub(BatchNormOps.broadcastable(x, movingMean, statShape))
                        .div(movingStd)
                        .clip(-dMax, dMax);
        NDArray output = batch.centered().div(std).mul(r).add(d);
        if (gamma != null) {
            output =
                    output.mul(BatchNormOps.broadcastable(x, gamma, statShape))
                            .add(BatchNormOps.broadcastable(x, beta, statShape));
        }
        return BatchNormOps.withMovingUpdate(x, output, movingMean, movingVar, batch, options);
    }
}
