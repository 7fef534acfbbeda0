package bnlab.nn;

import static bnlab.testing.NdAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import bnlab.testing.Gaussian;
import bnlab.testing.ManagerPerTest;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link BatchRenormOps}: with r_max = 1 and d_max = 0 it is batch norm (output, gradients, moving
 * statistics); in inference it is batch norm's inference; a hand-computed clipped case; the errors.
 */
@ExtendWith(ManagerPerTest.class)
class BatchRenormOpsTest {

    private static final BatchNormOps.Options OPTIONS = BatchNormOps.Options.DEFAULTS;

    private NDManager manager;

    @BeforeEach
    void setUp(NDManager manager) {
        this.manager = manager;
    }

    @Test
    void withNoRoomToCorrectItIsBatchNormIncludingGradients() {
        Random random = new Random(3);
        Shape shape = new Shape(4, 3, 2, 2);
        NDArray r = Gaussian.floats(manager, random, shape, 0, 1);
        NDArray[] renorm = step(shape, r, 1f, 0f, true);
        NDArray[] bn = step(shape, r, Float.NaN, Float.NaN, false);
        for (int i = 0; i < renorm.length; i++) {
            assertClose(renorm[i], bn[i], 1e-5);
        }
    }

    /** Output, dx, dγ, dβ, moving mean and moving variance of one training step on fixed data. */
    private NDArray[] step(Shape shape, NDArray upstream, float rMax, float dMax, boolean renorm) {
        Random random = new Random(4);
        NDArray x = Gaussian.floats(manager, random, shape, 1, 2);
        NDArray gamma = Gaussian.floats(manager, random, new Shape(3), 1, 0.3);
        NDArray beta = Gaussian.floats(manager, random, new Shape(3), 0, 0.3);
        NDArray movingMean = Gaussian.floats(manager, random, new Shape(3), 0, 1);
        NDArray movingVar = manager.create(new float[] {0.5f, 2f, 4f});
        x.setRequiresGradient(true);
        gamma.setRequiresGradient(true);
        beta.setRequiresGradient(true);
        BatchNormOps.Result result;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            result =
                    renorm
                            ? BatchRenormOps.batchRenorm(
                                    true,
                                    x,
                                    gamma,
                                    beta,
                                    movingMean,
                                    movingVar,
                                    rMax,
                                    dMax,
                                    OPTIONS)
                            : BatchNormOps.trainingStep(
                                    x, gamma, beta, movingMean, movingVar, OPTIONS);
            gc.backward(result.output().mul(upstream).sum());
        }
        return new NDArray[] {
            result.output(),
            x.getGradient(),
            gamma.getGradient(),
            beta.getGradient(),
            result.movingMean(),
            result.movingVar()
        };
    }

    @Test
    void inInferenceItIsBatchNormsInference() {
        Random random = new Random(5);
        NDArray x = Gaussian.floats(manager, random, new Shape(6, 3), 1, 2);
        NDArray mean = manager.create(new float[] {1, -1, 0});
        NDArray var = manager.create(new float[] {4, 1, 9});
        NDArray gamma = manager.create(new float[] {1, 2, 3});
        NDArray beta = manager.create(new float[] {0, 1, -1});
        BatchNormOps.Result renorm =
                BatchRenormOps.batchRenorm(false, x, gamma, beta, mean, var, 3f, 5f, OPTIONS);
        assertClose(
                renorm.output(),
                BatchNormOps.inference(x, gamma, beta, mean, var, OPTIONS).output(),
                1e-6);
        assertEquals(mean, renorm.movingMean());
    }

    @Test
    void clipsRAndDAtTheirLimits() {
        // one channel, batch 0, 4 (μ_B 2, σ_B² 4); moving μ 0, σ² 1 (ε tiny): σ_B/σ = 2 → r 1.5;
        // (μ_B − μ)/σ = 2 → d 0.5; x̂ = (x − 2)/2 · 1.5 + 0.5 = −1, 2
        NDArray x = manager.create(new float[] {0, 4}, new Shape(2, 1));
        NDArray one = manager.create(new float[] {1});
        NDArray zero = manager.create(new float[] {0});
        BatchNormOps.Result r =
                BatchRenormOps.batchRenorm(
                        true, x, null, null, zero, one, 1.5f, 0.5f, OPTIONS.withEps(1e-9f));
        assertClose(r.output(), new Shape(2, 1), new double[] {-1, 2}, 1e-5);
        // the moving statistics move as batch norm's: 0.9·old + 0.1·batch
        assertClose(r.movingMean(), new Shape(1), new double[] {0.2}, 1e-6);
        assertClose(r.movingVar(), new Shape(1), new double[] {1.3}, 1e-6);
    }

    @Test
    void badArgumentsAreRefusedNamingTheProblem() {
        NDArray x = manager.ones(new Shape(4, 3));
        NDArray three = manager.ones(new Shape(3));
        assertMessage(
                "rMax must be at least 1 and finite, got 0.5",
                () ->
                        BatchRenormOps.batchRenorm(
                                true, x, null, null, three, three, 0.5f, 0f, OPTIONS));
        assertMessage(
                "dMax must be at least 0 and finite, got -1.0",
                () ->
                        BatchRenormOps.batchRenorm(
                                true, x, null, null, three, three, 1f, -1f, OPTIONS));
        assertMessage(
                "batch renormalization needs movingMean and movingVar, got null",
                () -> BatchRenormOps.batchRenorm(true, x, null, null, null, null, 1f, 0f, OPTIONS));
        assertMessage(
                "gamma and beta must both be null or both be non-null",
                () ->
                        BatchRenormOps.batchRenorm(
                                true, x, three, null, three, three, 1f, 0f, OPTIONS));
        NDArray one = manager.ones(new Shape(1, 3));
        assertMessage(
                "Expected more than 1 value per channel when training, got input size" + " (1, 3)",
                () ->
                        BatchRenormOps.batchRenorm(
                                true, one, null, null, three, three, 1f, 0f, OPTIONS));
    }

    private static void assertMessage(String message, Runnable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call::run).getMessage());
    }
}
