package bnlab.nn;

import static bnlab.testing.NdAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;
import bnlab.testing.Gaussian;
import bnlab.testing.ManagerPerTest;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hand-computed cases, the special cases (layer norm against DJL's {@link LayerNorm}, instance
 * norm, independence from the rest of the batch) and every error of {@link GroupNormOps}.
 *
 * <pre>
 * one example, 4 channels of 2 values, 2 groups, ε = 0.5:
 * group 0 = channels 0, 1: 1, 3, 5, 7     mean 4, σ² = 5, √(5 + 0.5) ... (not round)
 * </pre>
 *
 * so the hand-computed case uses ε chosen to make √ round: values 1, 3, 5, 7 have σ² = 5 and with ε
 * = 4 the divisor is 3: (x − 4)/3 = −1, −1/3, 1/3, 1.
 */
@ExtendWith(ManagerPerTest.class)
class GroupNormOpsTest {

    private NDManager manager;

    @BeforeEach
    void setUp(NDManager manager) {
        this.manager = manager;
    }

    @Test
    void normalizesEachExampleAndGroupAloneThenScalesPerChannel() {
        // example 0: group 0 = 1, 3 | 5, 7 (mean 4, σ² 5); group 1 = 0, 0 | 6, 6 (mean 3, σ² 9)
        NDArray x = manager.create(new float[] {1, 3, 5, 7, 0, 0, 6, 6}, new Shape(1, 4, 2));
        NDArray gamma = manager.create(new float[] {1, 2, 1, 10});
        NDArray beta = manager.create(new float[] {0, 0, 1, 0});
        // ε = 4: divisors √9 = 3 and √13 (group 1)
        double s = Math.sqrt(13);
        assertClose(
                GroupNormOps.groupNorm(x, 2, gamma, beta, 4f),
                new Shape(1, 4, 2),
                new double[] {-1, -1 / 3.0, 2 / 3.0, 2, -3 / s + 1, -3 / s + 1, 30 / s, 30 / s},
                1e-6);
    }

    @Test
    void anExamplesOutputDoesNotDependOnTheRestOfTheBatch() {
        Random random = new Random(7);
        NDArray batch = Gaussian.floats(manager, random, new Shape(5, 6, 3, 3), 2, 3);
        NDArray alone = batch.get("0:1");
        NDArray together = GroupNormOps.groupNorm(batch, 3, null, null, 1e-5f).get("0:1");
        assertClose(GroupNormOps.groupNorm(alone, 3, null, null, 1e-5f), together, 1e-6);
    }

    @Test
    void oneGroupIsDjlsLayerNorm() {
        Random random = new Random(8);
        NDArray x2 = Gaussian.floats(manager, random, new Shape(4, 6), 1, 2);
        NDArray gamma = Gaussian.floats(manager, random, new Shape(6), 1, 0.3);
        NDArray beta = Gaussian.floats(manager, random, new Shape(6), 0, 0.3);
        assertClose(
                GroupNormOps.groupNorm(x2, 1, gamma, beta, 1e-5f),
                LayerNorm.layerNorm(x2, new Shape(6), gamma, beta, 1e-5f).singletonOrThrow(),
                1e-5);
        NDArray x4 = Gaussian.floats(manager, random, new Shape(3, 6, 4, 4), -2, 1.5);
        Shape features = new Shape(6, 4, 4);
        assertClose(
                GroupNormOps.groupNorm(x4, 1, null, null, 1e-5f),
                LayerNorm.layerNorm(
                                x4,
                                features,
                                manager.ones(features),
                                manager.zeros(features),
                                1e-5f)
                        .singletonOrThrow(),
                1e-5);
    }

    @Test
    void oneGroupPerChannelIsInstanceNormalization() {
        Random random = new Random(9);
        NDArray x = Gaussian.floats(manager, random, new Shape(2, 3, 4, 5), 3, 2);
        NDArray y = GroupNormOps.groupNorm(x, 3, null, null, 1e-5f);
        // every (example, channel) plane has mean 0 and variance 1 (up to ε)
        NDArray planes = y.reshape(6, 20);
        assertClose(planes.mean(new int[] {1}), manager.zeros(new Shape(6)), 1e-5);
        assertClose(planes.square().mean(new int[] {1}), manager.ones(new Shape(6)), 1e-4);
    }

    @Test
    void badArgumentsAreRefusedNamingTheProblem() {
        NDArray x = manager.ones(new Shape(2, 6, 3));
        NDArray six = manager.ones(new Shape(6));
        assertMessage(
                "groups must be at least 1 and divide the 6 channels of x, got 4",
                () -> GroupNormOps.groupNorm(x, 4, null, null, 1e-5f));
        assertMessage(
                "groups must be at least 1 and divide the 6 channels of x, got 0",
                () -> GroupNormOps.groupNorm(x, 0, null, null, 1e-5f));
        assertMessage(
                "eps must be positive and finite, got 0.0",
                () -> GroupNormOps.groupNorm(x, 2, null, null, 0f));
        assertMessage(
                "gamma and beta must both be null or both be non-null",
                () -> GroupNormOps.groupNorm(x, 2, six, null, 1e-5f));
        assertMessage(
                "x must have rank 2, 3 or 4, got shape (6) of rank 1",
                () -> GroupNormOps.groupNorm(six, 1, null, null, 1e-5f));
        NDArray five = manager.ones(new Shape(5));
        assertMessage(
                "gamma must have 6 elements (one per channel), got 5 (shape (5))",
                () -> GroupNormOps.groupNorm(x, 2, five, five, 1e-5f));
    }

    private static void assertMessage(String message, Runnable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call::run).getMessage());
    }
}
