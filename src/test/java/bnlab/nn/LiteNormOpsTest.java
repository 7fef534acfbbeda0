package bnlab.nn;

import static bnlab.nn.BatchNormOpsTest.X2;
import static bnlab.nn.BatchNormOpsTest.X34;
import static bnlab.testing.NdAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import bnlab.bench.ManagedMemory;
import bnlab.testing.ManagerPerTest;
import bnlab.testing.NdAssert;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * Hand-computed cases for {@link LiteNormOps}, on the data of {@link BatchNormOpsTest} with eps =
 * 0.5:
 *
 * <pre>
 * channel 0: 1, 2, 3, 6   mean 3, σ² = 3.5, √(3.5+0.5) = 2
 * channel 1: -5, 1, 2, 2  mean 0, σ² = 8.5, √(8.5+0.5) = 3
 * mean-only, β = (1, -1):      x − μ + β:  channel 0 -> -1, 0, 1, 4;   channel 1 -> -6, 0, 1, 1
 * variance-only, γ = (4, 6):   γ·x/√(σ²+ε): channel 0 -> 2, 4, 6, 12;  channel 1 -> -10, 2, 4, 4
 * </pre>
 *
 * The variance-only output keeps the mean (channel 0 averages 6, not 0).
 */
@ExtendWith(ManagerPerTest.class)
class LiteNormOpsTest {

    private static final float EPS = 0.5f;

    private NDManager manager;

    @BeforeEach
    void setUp(NDManager manager) {
        this.manager = manager;
    }

    private NDArray f32(double[] values, long... shape) {
        return manager.create(NdAssert.toFloat(values), new Shape(shape));
    }

    private NDArray pair(double a, double b) {
        return f32(new double[] {a, b}, 2);
    }

    @Test
    void meanOnlySubtractsTheBatchMeanAndAddsBeta() {
        BatchNormOps.Result r =
                LiteNormOps.meanOnly(true, f32(X2, 4, 2), pair(1, -1), pair(0, 0), 0.9f);
        assertClose(r.output(), new Shape(4, 2), new double[] {-1, -6, 0, 0, 1, 1, 4, 1}, 1e-6);
        // 0.9·0 + 0.1·(3, 0)
        assertClose(r.movingMean(), new Shape(2), new double[] {0.3, 0}, 1e-6);
        assertNull(r.movingVar());
    }

    @Test
    void meanOnlyReducesOverBatchAndSpatialAxes() {
        BatchNormOps.Result r =
                LiteNormOps.meanOnly(true, f32(X34, 2, 2, 1, 2), pair(1, -1), pair(0, 0), 0.9f);
        assertClose(
                r.output(), new Shape(2, 2, 1, 2), new double[] {-1, 0, -6, 0, 1, 4, 1, 1}, 1e-6);
        assertClose(r.movingMean(), new Shape(2), new double[] {0.3, 0}, 1e-6);
    }

    @Test
    void meanOnlyInferenceUsesTheMovingMeanAndReturnsItUnchanged() {
        NDArray moving = pair(1, -1);
        BatchNormOps.Result r =
                LiteNormOps.meanOnly(false, f32(X2, 4, 2), pair(1, -1), moving, 0.9f);
        // x − (1, −1) + (1, −1) = x
        assertClose(r.output(), new Shape(4, 2), X2, 1e-6);
        assertSame(moving, r.movingMean());
    }

    @Test
    void meanOnlyWithoutBetaOrMovingMean() {
        NDArray x = f32(X2, 4, 2);
        for (boolean training : new boolean[] {true, false}) {
            BatchNormOps.Result r = LiteNormOps.meanOnly(training, x, null, null, 0.9f);
            assertClose(
                    r.output(), new Shape(4, 2), new double[] {-2, -5, -1, 1, 0, 2, 3, 2}, 1e-6);
            assertNull(r.movingMean());
        }
    }

    @Test
    void varianceOnlyDividesByTheStandardDeviationWithoutCentering() {
        BatchNormOps.Result r =
                LiteNormOps.varianceOnly(true, f32(X2, 4, 2), pair(4, 6), pair(1, 1), EPS, 0.9f);
        assertClose(r.output(), new Shape(4, 2), new double[] {2, -10, 4, 2, 6, 4, 12, 4}, 1e-6);
        // 0.9·1 + 0.1·(3.5, 8.5): the biased variance
        assertClose(r.movingVar(), new Shape(2), new double[] {1.25, 1.75}, 1e-6);
        assertNull(r.movingMean());
    }

    @Test
    void varianceOnlyReducesOverBatchAndSpatialAxes() {
        BatchNormOps.Result r =
                LiteNormOps.varianceOnly(
                        true, f32(X34, 2, 2, 1, 2), pair(4, 6), pair(1, 1), EPS, 0.9f);
        assertClose(
                r.output(), new Shape(2, 2, 1, 2), new double[] {2, 4, -10, 2, 6, 12, 4, 4}, 1e-6);
        assertClose(r.movingVar(), new Shape(2), new double[] {1.25, 1.75}, 1e-6);
    }

    @Test
    void varianceOnlyInferenceUsesTheMovingVarianceAndReturnsItUnchanged() {
        NDArray moving = pair(15.5, 0.5); // √(σ²+ε) = 4 and 1
        BatchNormOps.Result r =
                LiteNormOps.varianceOnly(false, f32(X2, 4, 2), pair(4, 6), moving, EPS, 0.9f);
        assertClose(r.output(), new Shape(4, 2), new double[] {1, -30, 2, 6, 3, 12, 6, 12}, 1e-6);
        assertSame(moving, r.movingVar());
    }

    @Test
    void varianceOnlyWithoutGammaOrMovingVariance() {
        NDArray x = f32(X2, 4, 2);
        for (boolean training : new boolean[] {true, false}) {
            BatchNormOps.Result r = LiteNormOps.varianceOnly(training, x, null, null, EPS, 0.9f);
            assertClose(
                    r.output(),
                    new Shape(4, 2),
                    new double[] {0.5, -5 / 3.0, 1, 1 / 3.0, 1.5, 2 / 3.0, 3, 2 / 3.0},
                    1e-6);
            assertNull(r.movingVar());
        }
    }

    @Test
    void float64StaysFloat64() {
        NDArray x = manager.create(X2, new Shape(4, 2));
        NDArray two = manager.create(new double[] {1, 1});
        assertEquals(
                DataType.FLOAT64,
                LiteNormOps.meanOnly(true, x, two, two, 0.9f).output().getDataType());
        assertEquals(
                DataType.FLOAT64,
                LiteNormOps.varianceOnly(true, x, two, two, EPS, 0.9f).output().getDataType());
    }

    @Test
    void movingStatisticsCarryNoGradientHistory() {
        // d/dx of sum(y) + sum(moving) must equal d/dx of sum(y): the update is detached
        assertMovingDetached(
                x -> {
                    BatchNormOps.Result r = LiteNormOps.meanOnly(true, x, null, pair(0, 0), 0.9f);
                    return new NDArray[] {r.output(), r.movingMean()};
                });
        assertMovingDetached(
                x -> {
                    BatchNormOps.Result r =
                            LiteNormOps.varianceOnly(true, x, null, pair(1, 1), EPS, 0.9f);
                    return new NDArray[] {r.output(), r.movingVar()};
                });
    }

    private void assertMovingDetached(Function<NDArray, NDArray[]> op) {
        NDArray[] grads = new NDArray[2];
        for (int withMoving = 0; withMoving < 2; withMoving++) {
            NDArray x = f32(X2, 4, 2);
            NDArray weights = f32(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 4, 2);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray[] out = op.apply(x);
                // weighted, so that the mean-only loss depends on x at all
                NDArray loss = out[0].mul(weights).sum();
                if (withMoving == 1) {
                    loss = loss.add(out[1].sum());
                }
                collector.backward(loss);
            }
            grads[withMoving] = x.getGradient().duplicate();
        }
        assertClose(grads[1], grads[0], 0);
    }

    @Test
    void everyArrayItCreatesBelongsToTheInputsManager() {
        NDArray beta = pair(1, -1);
        NDArray mean = pair(0, 0);
        NDArray var = pair(1, 1);
        long before = ManagedMemory.bytes(manager);
        try (NDManager batch = manager.newSubManager()) {
            NDArray x = batch.create(NdAssert.toFloat(X2), new Shape(4, 2));
            for (boolean training : new boolean[] {true, false}) {
                LiteNormOps.meanOnly(training, x, beta, mean, 0.9f);
                LiteNormOps.varianceOnly(training, x, beta, var, EPS, 0.9f);
            }
        }
        assertEquals(before, ManagedMemory.bytes(manager));
    }

    // ---------------------------------------------------------------- errors

    private static void assertMessage(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }

    @Test
    void rejectsWrongRankAndEmptyInput() {
        NDArray bad = manager.ones(new Shape(3));
        String rank = "x must have rank 2, 3 or 4, got shape (3) of rank 1";
        assertMessage(rank, () -> LiteNormOps.meanOnly(true, bad, null, null, 0.9f));
        assertMessage(rank, () -> LiteNormOps.varianceOnly(true, bad, null, null, EPS, 0.9f));
        NDArray empty = manager.ones(new Shape(0, 2));
        assertMessage(
                "x must not be empty, got shape (0, 2)",
                () -> LiteNormOps.varianceOnly(true, empty, null, null, EPS, 0.9f));
    }

    @Test
    void rejectsParametersWithWrongElementCount() {
        NDArray x = manager.ones(new Shape(4, 2));
        NDArray three = manager.ones(new Shape(3));
        String tail = " must have 2 elements (one per channel), got 3 (shape (3))";
        assertMessage("beta" + tail, () -> LiteNormOps.meanOnly(true, x, three, null, 0.9f));
        assertMessage("movingMean" + tail, () -> LiteNormOps.meanOnly(true, x, null, three, 0.9f));
        assertMessage(
                "gamma" + tail, () -> LiteNormOps.varianceOnly(true, x, three, null, EPS, 0.9f));
        assertMessage(
                "movingVar" + tail,
                () -> LiteNormOps.varianceOnly(true, x, null, three, EPS, 0.9f));
    }

    @Test
    void rejectsSingleValuePerChannelWhenUsingBatchStatistics() {
        NDArray x = manager.ones(new Shape(1, 3, 1, 1));
        String message =
                "Expected more than 1 value per channel when training, got input size (1, 3, 1, 1)";
        assertMessage(message, () -> LiteNormOps.meanOnly(true, x, null, null, 0.9f));
        assertMessage(message, () -> LiteNormOps.varianceOnly(false, x, null, null, EPS, 0.9f));
        // with a moving statistic, inference of a single example is fine
        NDArray three = manager.ones(new Shape(3));
        assertClose(
                LiteNormOps.meanOnly(false, x, null, three, 0.9f).output(),
                manager.zeros(new Shape(1, 3, 1, 1)),
                0);
    }

    @Test
    void rejectsBadEpsilonAndMomentum() {
        NDArray x = manager.ones(new Shape(4, 2));
        assertMessage(
                "eps must be positive and finite, got 0.0",
                () -> LiteNormOps.varianceOnly(true, x, null, null, 0f, 0.9f));
        assertMessage(
                "eps must be positive and finite, got NaN",
                () -> LiteNormOps.varianceOnly(true, x, null, null, Float.NaN, 0.9f));
        assertMessage(
                "momentum must be in [0, 1], got 1.5",
                () -> LiteNormOps.meanOnly(true, x, null, null, 1.5f));
        assertMessage(
                "momentum must be in [0, 1], got NaN",
                () -> LiteNormOps.varianceOnly(true, x, null, null, EPS, Float.NaN));
    }
}
