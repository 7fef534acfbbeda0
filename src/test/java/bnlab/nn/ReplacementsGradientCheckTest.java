package bnlab.nn;

import static bnlab.nn.BatchNormGradientCheckTest.assertRelativeError;
import static bnlab.nn.BatchNormGradientCheckTest.numeric;
import static bnlab.nn.BatchNormGradientCheckTest.reuseFreedNativeMemory;

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
 * Finite-difference check, in float64, of the autograd gradients of L = sum(Y·R) with respect to x,
 * γ and β through {@link GroupNormOps#groupNorm} and, in training mode, {@link
 * BatchRenormOps#batchRenorm} with r and d clipped (treated as constants, as the paper defines the
 * gradient: the finite difference of a loss that recomputes r and d would differ where they are not
 * clipped, so the moving statistics are chosen to clip every channel), as {@link
 * BatchNormGradientCheckTest} does for batch norm.
 */
@ExtendWith(ManagerPerTest.class)
class ReplacementsGradientCheckTest {

    private NDManager manager;

    @BeforeEach
    void setUp(NDManager manager) {
        this.manager = manager;
    }

    /** A normalization of x with per-channel γ and β. */
    @FunctionalInterface
    private interface Op {
        NDArray apply(NDArray x, NDArray gamma, NDArray beta);
    }

    @Test
    void groupNorm4d() {
        check((x, g, b) -> GroupNormOps.groupNorm(x, 2, g, b, 1e-5f), new Shape(2, 4, 3, 3), 31);
    }

    @Test
    void layerNorm2d() {
        check((x, g, b) -> GroupNormOps.groupNorm(x, 1, g, b, 1e-5f), new Shape(4, 5), 32);
    }

    @Test
    void instanceNorm3d() {
        check((x, g, b) -> GroupNormOps.groupNorm(x, 3, g, b, 1e-5f), new Shape(2, 3, 6), 33);
    }

    @Test
    void batchRenormWithRAndDClipped() {
        check(
                (x, g, b) -> {
                    int c = Math.toIntExact(x.getShape().get(1));
                    // moving mean far below the batch's (d clips at +dMax) and moving variance
                    // far above it (r clips at 1/rMax): r and d are constants of x here
                    NDArray mean = x.getManager().full(new Shape(c), -50f, x.getDataType());
                    NDArray var = x.getManager().full(new Shape(c), 400f, x.getDataType());
                    return BatchRenormOps.batchRenorm(
                                    true, x, g, b, mean, var, 2f, 1f, BatchNormOps.Options.DEFAULTS)
                            .output();
                },
                new Shape(4, 3, 2, 2),
                34);
    }

    private void check(Op op, Shape xShape, long seed) {
        Random random = new Random(seed);
        int channels = (int) xShape.get(1);
        double[] x = Gaussian.samples(random, (int) xShape.size(), 1, 2);
        double[] gamma = Gaussian.samples(random, channels, 1, 0.3);
        double[] beta = Gaussian.samples(random, channels, 0, 0.3);
        double[] r = Gaussian.samples(random, (int) xShape.size(), 0, 1);
        Shape cShape = new Shape(channels);

        NDArray xa = manager.create(x, xShape);
        NDArray ga = manager.create(gamma, cShape);
        NDArray ba = manager.create(beta, cShape);
        xa.setRequiresGradient(true);
        ga.setRequiresGradient(true);
        ba.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = op.apply(xa, ga, ba).mul(manager.create(r, xShape)).sum();
            reuseFreedNativeMemory(() -> collector.backward(loss));
        }
        assertRelativeError(
                "d/dx", xa.getGradient(), numeric(x, v -> value(op, v, xShape, gamma, beta, r)));
        assertRelativeError(
                "d/dgamma",
                ga.getGradient(),
                numeric(gamma, v -> value(op, x, xShape, v, beta, r)));
        assertRelativeError(
                "d/dbeta", ba.getGradient(), numeric(beta, v -> value(op, x, xShape, gamma, v, r)));
    }

    private double value(
            Op op, double[] x, Shape xShape, double[] gamma, double[] beta, double[] r) {
        try (NDManager sub = manager.newSubManager()) {
            Shape cShape = new Shape(gamma.length);
            return op.apply(
                            sub.create(x, xShape),
                            sub.create(gamma, cShape),
                            sub.create(beta, cShape))
                    .mul(sub.create(r, xShape))
                    .sum()
                    .getDouble();
        }
    }
}
