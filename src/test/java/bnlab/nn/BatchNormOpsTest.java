package bnlab.nn;

import static bnlab.testing.NdAssert.assertClose;
import static bnlab.testing.NdAssert.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import bnlab.testing.ManagerPerTest;
import bnlab.testing.NdAssert;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * Hand-computed cases for {@link BatchNormOps}.
 *
 * <p>Most cases use the data below with eps = 0.5, chosen so that σ² + ε is a perfect square:
 *
 * <pre>
 * channel 0: 1, 2, 3, 6   mean 3, deviations -2 -1 0 3, σ² = 14/4 = 3.5, √(3.5+0.5) = 2
 *            normalized -1, -0.5, 0, 1.5
 * channel 1: -5, 1, 2, 2  mean 0, deviations -5 1 2 2, σ² = 34/4 = 8.5, √(8.5+0.5) = 3
 *            normalized -5/3, 1/3, 2/3, 2/3
 * gamma = (2, 3), beta = (1, -1):
 *            channel 0 -> -1, 0, 1, 4;  channel 1 -> -6, 0, 1, 1
 * </pre>
 */
@ExtendWith(ManagerPerTest.class)
class BatchNormOpsTest {

    private static final float EPS = 0.5f;
    private static final double THIRD = 1.0 / 3;

    /**
     * Rows (n) of (N=4, C=2): [1,-5], [2,1], [3,2], [6,2]; channel means (3, 0), biased variances
     * (3.5, 8.5). Also the data of the LiteNorm tests.
     */
    static final double[] X2 = {1, -5, 2, 1, 3, 2, 6, 2};

    /** (N=2, C=2, L=2) and (N=2, C=2, H=1, W=2): the same eight values per channel as X2. */
    static final double[] X34 = {1, 2, -5, 1, 3, 6, 2, 2};

    private NDManager manager;

    @BeforeEach
    void setUp(NDManager manager) {
        this.manager = manager;
    }

    private NDArray f32(double[] values, long... shape) {
        return manager.create(NdAssert.toFloat(values), new Shape(shape));
    }

    private NDArray f64(double[] values, long... shape) {
        return manager.create(values, new Shape(shape));
    }

    /**
     * One {@code trainingStep} on X2 (N=4, C=2) in {@code type}, with γ (2, 3), β (1, -1), moving
     * mean (0, 0) and moving variance (1, 1).
     */
    private BatchNormOps.Result trainingStepOnX2(DataType type, BatchNormOps.Options options) {
        return BatchNormOps.trainingStep(
                array(type, X2, 4, 2),
                array(type, new double[] {2, 3}, 2),
                array(type, new double[] {1, -1}, 2),
                array(type, new double[] {0, 0}, 2),
                array(type, new double[] {1, 1}, 2),
                options);
    }

    private NDArray array(DataType type, double[] values, long... shape) {
        return type == DataType.FLOAT64 ? f64(values, shape) : f32(values, shape);
    }

    @Test
    void training2dNormalizesPerFeatureOverBatch() {
        BatchNormOps.Result r =
                BatchNormOps.batchNorm(
                        true,
                        f32(X2, 4, 2),
                        f32(new double[] {2, 3}, 2),
                        f32(new double[] {1, -1}, 2),
                        f32(new double[] {0, 0}, 2),
                        f32(new double[] {1, 1}, 2),
                        EPS,
                        0.9f);
        assertEquals(DataType.FLOAT32, r.output().getDataType());
        assertClose(r.output(), new Shape(4, 2), new double[] {-1, -6, 0, 0, 1, 1, 4, 1}, 1e-6);
        // moving = 0.9·old + 0.1·batch: mean 0.1·(3, 0); var 0.9 + 0.1·(3.5, 8.5)
        assertClose(r.movingMean(), new Shape(2), new double[] {0.3, 0}, 1e-6);
        assertClose(r.movingVar(), new Shape(2), new double[] {1.25, 1.75}, 1e-6);
    }

    @Test
    void training3dNormalizesPerChannelOverBatchAndLength() {
        // seed-shaped (1, C, 1) parameters
        BatchNormOps.Result r =
                BatchNormOps.batchNorm(
                        true,
                        f32(X34, 2, 2, 2),
                        f32(new double[] {2, 3}, 1, 2, 1),
                        f32(new double[] {1, -1}, 1, 2, 1),
                        f32(new double[] {0, 0}, 1, 2, 1),
                        f32(new double[] {1, 1}, 1, 2, 1),
                        EPS,
                        0.9f);
        assertClose(r.output(), new Shape(2, 2, 2), new double[] {-1, 0, -6, 0, 1, 4, 1, 1}, 1e-6);
        assertClose(r.movingMean(), new Shape(1, 2, 1), new double[] {0.3, 0}, 1e-6);
        assertClose(r.movingVar(), new Shape(1, 2, 1), new double[] {1.25, 1.75}, 1e-6);
    }

    @Test
    void training4dNormalizesPerChannelOverBatchHeightWidth() {
        BatchNormOps.Result r =
                BatchNormOps.batchNorm(
                        true,
                        f32(X34, 2, 2, 1, 2),
                        f32(new double[] {2, 3}, 1, 2, 1, 1),
                        f32(new double[] {1, -1}, 1, 2, 1, 1),
                        f32(new double[] {0, 0}, 1, 2, 1, 1),
                        f32(new double[] {1, 1}, 1, 2, 1, 1),
                        EPS,
                        0.9f);
        assertClose(
                r.output(), new Shape(2, 2, 1, 2), new double[] {-1, 0, -6, 0, 1, 4, 1, 1}, 1e-6);
        assertClose(r.movingMean(), new Shape(1, 2, 1, 1), new double[] {0.3, 0}, 1e-6);
        assertClose(r.movingVar(), new Shape(1, 2, 1, 1), new double[] {1.25, 1.75}, 1e-6);
    }

    @Test
    void training4dWithSpatialExtentAndChannelShapedParams() {
        // (N=2, C=1, H=2, W=2), one channel of values 0..7: mean 3.5, σ² = 42/8 = 5.25,
        // eps 0.5 -> std √5.75; no affine so y = (x - 3.5)/√5.75
        double[] x = {0, 1, 2, 3, 4, 5, 6, 7};
        double std = Math.sqrt(5.75);
        double[] y = new double[8];
        for (int i = 0; i < 8; i++) {
            y[i] = (i - 3.5) / std;
        }
        BatchNormOps.Result r =
                BatchNormOps.trainingStep(
                        f64(x, 2, 1, 2, 2),
                        null,
                        null,
                        f64(new double[] {1}, 1),
                        f64(new double[] {2}, 1),
                        BatchNormOps.Options.DEFAULTS.withEps(EPS).withMomentum(0.5f));
        assertClose(r.output(), new Shape(2, 1, 2, 2), y, 1e-12);
        // (C)-shaped moving statistics stay (C): 0.5·1 + 0.5·3.5, 0.5·2 + 0.5·5.25
        assertClose(r.movingMean(), new Shape(1), new double[] {2.25}, 1e-12);
        assertClose(r.movingVar(), new Shape(1), new double[] {3.625}, 1e-12);
    }

    @Test
    void unbiasedRunningVarianceScalesOnlyTheMovingUpdate() {
        BatchNormOps.Result r =
                trainingStepOnX2(
                        DataType.FLOAT32,
                        BatchNormOps.Options.DEFAULTS
                                .withEps(EPS)
                                .withUnbiasedRunningVariance(true));
        // output still uses the biased variance
        assertClose(r.output(), new Shape(4, 2), new double[] {-1, -6, 0, 0, 1, 1, 4, 1}, 1e-6);
        // m = 4: unbiased variances 14/3 and 34/3; 0.9 + 0.1·those
        assertClose(
                r.movingVar(),
                new Shape(2),
                new double[] {0.9 + 1.4 * THIRD, 0.9 + 3.4 * THIRD},
                1e-6);
        assertClose(r.movingMean(), new Shape(2), new double[] {0.3, 0}, 1e-6);
    }

    @Test
    void momentumIsTheWeightOfTheOldValue() {
        NDArray x = f32(X2, 4, 2);
        NDArray mean = f32(new double[] {10, 20}, 2);
        NDArray var = f32(new double[] {5, 7}, 2);
        BatchNormOps.Result keep = BatchNormOps.batchNorm(true, x, null, null, mean, var, EPS, 1f);
        assertClose(keep.movingMean(), mean, 0);
        assertClose(keep.movingVar(), var, 0);
        BatchNormOps.Result replace =
                BatchNormOps.batchNorm(true, x, null, null, mean, var, EPS, 0f);
        assertClose(replace.movingMean(), new Shape(2), new double[] {3, 0}, 1e-6);
        assertClose(replace.movingVar(), new Shape(2), new double[] {3.5, 8.5}, 1e-6);
    }

    @Test
    void inferenceUsesMovingStatisticsAndReturnsThemUnchanged() {
        // mean (1, -1), var (3.5, 0.5) + eps 0.5 -> std (2, 1); no affine
        NDArray mean = f32(new double[] {1, -1}, 2);
        NDArray var = f32(new double[] {3.5, 0.5}, 2);
        BatchNormOps.Result r =
                BatchNormOps.inference(
                        f32(X2, 4, 2),
                        null,
                        null,
                        mean,
                        var,
                        BatchNormOps.Options.DEFAULTS.withEps(EPS));
        assertClose(r.output(), new Shape(4, 2), new double[] {0, -4, 0.5, 2, 1, 3, 2.5, 3}, 1e-6);
        assertSame(mean, r.movingMean());
        assertSame(var, r.movingVar());
        // with an affine transform: gamma (2, 3), beta (1, -1)
        BatchNormOps.Result affine =
                BatchNormOps.batchNorm(
                        false,
                        f32(X2, 4, 2),
                        f32(new double[] {2, 3}, 2),
                        f32(new double[] {1, -1}, 2),
                        mean,
                        var,
                        EPS,
                        0.9f);
        assertClose(
                affine.output(), new Shape(4, 2), new double[] {1, -13, 2, 5, 3, 8, 6, 8}, 1e-6);
    }

    @Test
    void inferenceSingleValuePerChannelIsAllowedWithMovingStatistics() {
        BatchNormOps.Result r =
                BatchNormOps.inference(
                        f32(new double[] {3, 4}, 1, 2),
                        null,
                        null,
                        f32(new double[] {1, 1}, 2),
                        f32(new double[] {3.5, 8.5}, 2),
                        BatchNormOps.Options.DEFAULTS.withEps(EPS));
        assertClose(r.output(), new Shape(1, 2), new double[] {1, 1}, 1e-6);
    }

    @Test
    void withoutMovingStatisticsBatchStatisticsAreUsedInBothModes() {
        NDArray x = f32(X2, 4, 2);
        NDArray gamma = f32(new double[] {2, 3}, 2);
        NDArray beta = f32(new double[] {1, -1}, 2);
        BatchNormOps.Options options = BatchNormOps.Options.DEFAULTS.withEps(EPS);
        for (BatchNormOps.Result r :
                List.of(
                        BatchNormOps.trainingStep(x, gamma, beta, null, null, options),
                        BatchNormOps.inference(x, gamma, beta, null, null, options))) {
            assertClose(r.output(), new Shape(4, 2), new double[] {-1, -6, 0, 0, 1, 1, 4, 1}, 1e-6);
            assertNull(r.movingMean());
            assertNull(r.movingVar());
        }
    }

    @Test
    void float64StaysFloat64() {
        BatchNormOps.Result r =
                trainingStepOnX2(
                        DataType.FLOAT64,
                        BatchNormOps.Options.DEFAULTS
                                .withEps(EPS)
                                .withMomentum(0.5f)
                                .withUnbiasedRunningVariance(true));
        assertEquals(DataType.FLOAT64, r.output().getDataType());
        assertEquals(DataType.FLOAT64, r.movingMean().getDataType());
        assertEquals(DataType.FLOAT64, r.movingVar().getDataType());
        assertClose(r.output(), new Shape(4, 2), new double[] {-1, -6, 0, 0, 1, 1, 4, 1}, 1e-14);
        // 0.5·old + 0.5·batch, unbiased variances 14/3 and 34/3
        assertClose(r.movingMean(), new Shape(2), new double[] {1.5, 0}, 1e-14);
        assertClose(
                r.movingVar(),
                new Shape(2),
                new double[] {0.5 + 7 * THIRD, 0.5 + 17 * THIRD},
                1e-14);
    }

    @Test
    void largeOffsetVarianceIsComputedInTwoPasses() {
        // float64, mean 1000, std 0.01: x = 1000 ± 0.01 alternating, σ² = 1e-4
        int n = 1000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 1000 + (i % 2 == 0 ? -0.01 : 0.01);
        }
        NDArray input = f64(x, n, 1);
        BatchNormOps.Result r =
                BatchNormOps.trainingStep(
                        input,
                        null,
                        null,
                        f64(new double[] {0}, 1),
                        f64(new double[] {0}, 1),
                        BatchNormOps.Options.DEFAULTS.withEps(1e-10f).withMomentum(0f));
        assertClose(r.movingVar(), new Shape(1), new double[] {1e-4}, 1e-13);
        // y = ±0.01/√(1e-4 + 1e-10) = ±1/√(1 + 1e-6)
        double y = 1 / Math.sqrt(1 + 1e-10f / 1e-4);
        double[] expected = new double[n];
        for (int i = 0; i < n; i++) {
            expected[i] = i % 2 == 0 ? -y : y;
        }
        assertClose(r.output(), new Shape(n, 1), expected, 1e-9);
        // the case discriminates: E[x²] − E[x]² misses σ² by far more than the tolerance
        NDArray onePass = input.square().mean().sub(input.mean().square());
        assertTrue(Math.abs(scalar(onePass) - 1e-4) > 1e-11, "one-pass should be inaccurate");
    }

    @Test
    void returnedMovingStatisticsCarryNoGradientHistory() {
        // DJL's hasGradient() reports false even for arrays with a grad_fn, so check behaviour:
        // sum(y) does not depend on x (each channel sums to m·β), while the batch mean and
        // variance do; so d/dx of sum(y) + sum(movingMean) + sum(movingVar) is zero iff the
        // moving statistics are detached (it would be 0.1/4 per element through the mean).
        NDArray x = f32(X2, 4, 2);
        NDArray gamma = f32(new double[] {2, 3}, 2);
        NDArray beta = f32(new double[] {1, -1}, 2);
        NDArray movingMean = f32(new double[] {0, 0}, 2);
        NDArray movingVar = f32(new double[] {1, 1}, 2);
        x.setRequiresGradient(true);
        gamma.setRequiresGradient(true);
        beta.setRequiresGradient(true);
        movingMean.setRequiresGradient(true);
        movingVar.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            BatchNormOps.Result r =
                    BatchNormOps.trainingStep(
                            x,
                            gamma,
                            beta,
                            movingMean,
                            movingVar,
                            BatchNormOps.Options.DEFAULTS
                                    .withEps(EPS)
                                    .withUnbiasedRunningVariance(true));
            NDArray loss = r.output().sum().add(r.movingMean().sum()).add(r.movingVar().sum());
            collector.backward(loss);
        }
        assertClose(x.getGradient(), manager.zeros(new Shape(4, 2)), 1e-6);
        // sanity: the graph through the output is intact (d/dbeta of sum(y) = m = 4)
        assertClose(beta.getGradient(), new Shape(2), new double[] {4, 4}, 1e-6);
        // even moving arrays that require gradient get none through the update
        assertClose(movingMean.getGradient(), manager.zeros(new Shape(2)), 0);
        assertClose(movingVar.getGradient(), manager.zeros(new Shape(2)), 0);
    }

    // ---------------------------------------------------------------- errors

    private static void assertMessage(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }

    private Executable call(boolean training, NDArray x, float eps, float momentum) {
        long c = x.getShape().dimension() > 1 ? x.getShape().get(1) : 1;
        NDArray ones = manager.ones(new Shape(c));
        NDArray zeros = manager.zeros(new Shape(c));
        return () -> BatchNormOps.batchNorm(training, x, ones, zeros, zeros, ones, eps, momentum);
    }

    @Test
    void rejectsWrongRank() {
        assertMessage(
                "x must have rank 2, 3 or 4, got shape (3) of rank 1",
                call(true, manager.ones(new Shape(3)), 1e-5f, 0.9f));
        assertMessage(
                "x must have rank 2, 3 or 4, got shape (2, 2, 1, 1, 1) of rank 5",
                call(false, manager.ones(new Shape(2, 2, 1, 1, 1)), 1e-5f, 0.9f));
    }

    @Test
    void rejectsParameterWithWrongElementCount() {
        NDArray x = manager.ones(new Shape(4, 2));
        NDArray two = manager.ones(new Shape(2));
        NDArray three = manager.ones(new Shape(3));
        String tail = " must have 2 elements (one per channel), got 3 (shape (3))";
        assertMessage(
                "gamma" + tail,
                () -> BatchNormOps.batchNorm(true, x, three, two, two, two, 1e-5f, 0.9f));
        assertMessage(
                "beta" + tail,
                () -> BatchNormOps.batchNorm(true, x, two, three, two, two, 1e-5f, 0.9f));
        assertMessage(
                "movingMean" + tail,
                () -> BatchNormOps.batchNorm(true, x, two, two, three, two, 1e-5f, 0.9f));
        assertMessage(
                "movingVar must have 2 elements (one per channel), got 4 (shape (1, 4, 1))",
                () ->
                        BatchNormOps.batchNorm(
                                true,
                                x,
                                two,
                                two,
                                two,
                                manager.ones(new Shape(1, 4, 1)),
                                1e-5f,
                                0.9f));
    }

    @Test
    void rejectsHalfGivenPairs() {
        NDArray x = manager.ones(new Shape(4, 2));
        NDArray two = manager.ones(new Shape(2));
        assertMessage(
                "gamma and beta must both be null or both be non-null",
                () -> BatchNormOps.batchNorm(true, x, two, null, two, two, 1e-5f, 0.9f));
        assertMessage(
                "movingMean and movingVar must both be null or both be non-null",
                () -> BatchNormOps.batchNorm(true, x, two, two, null, two, 1e-5f, 0.9f));
    }

    @Test
    void rejectsSingleValuePerChannelWhenUsingBatchStatistics() {
        assertMessage(
                "Expected more than 1 value per channel when training, got input size (1, 10)",
                call(true, manager.ones(new Shape(1, 10)), 1e-5f, 0.9f));
        assertMessage(
                "Expected more than 1 value per channel when training, got input size (1, 3, 1, 1)",
                call(true, manager.ones(new Shape(1, 3, 1, 1)), 1e-5f, 0.9f));
        // without moving statistics, inference uses batch statistics too (as PyTorch does)
        NDArray x = manager.ones(new Shape(1, 3, 1));
        assertMessage(
                "Expected more than 1 value per channel when training, got input size (1, 3, 1)",
                () ->
                        BatchNormOps.inference(
                                x,
                                null,
                                null,
                                null,
                                null,
                                BatchNormOps.Options.DEFAULTS.withEps(1e-5f)));
    }

    @Test
    void rejectsBadEpsilon() {
        NDArray x = manager.ones(new Shape(4, 2));
        assertMessage("eps must be positive and finite, got 0.0", call(true, x, 0f, 0.9f));
        assertMessage("eps must be positive and finite, got -1.0E-5", call(true, x, -1e-5f, 0.9f));
        assertMessage("eps must be positive and finite, got NaN", call(true, x, Float.NaN, 0.9f));
        assertMessage(
                "eps must be positive and finite, got Infinity",
                call(false, x, Float.POSITIVE_INFINITY, 0.9f));
    }

    @Test
    void rejectsBadMomentum() {
        NDArray x = manager.ones(new Shape(4, 2));
        assertMessage("momentum must be in [0, 1], got 1.5", call(true, x, 1e-5f, 1.5f));
        assertMessage("momentum must be in [0, 1], got -0.1", call(true, x, 1e-5f, -0.1f));
        assertMessage("momentum must be in [0, 1], got NaN", call(false, x, 1e-5f, Float.NaN));
    }
}
