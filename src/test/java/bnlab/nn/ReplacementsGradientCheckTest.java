package bnlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import bnlab.testing.ManagerPerTest;
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

    private void check(BatchNormGradientCheckTest.AffineOp op, Shape xShape, long seed) {
        BatchNormGradientCheckTest.checkAffine(manager, op, xShape, seed, new double[] {1, 2, 0.3});
    }
}
