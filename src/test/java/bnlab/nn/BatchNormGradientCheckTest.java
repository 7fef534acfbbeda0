package bnlab.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import bnlab.testing.Gaussian;
import bnlab.testing.ManagerPerTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Finite-difference check, in float64, of the autograd gradients of L = sum(Y·R) through {@link
 * BatchNormOps#batchNorm} in training mode, for fixed random x, γ, β and R.
 */
@ExtendWith(ManagerPerTest.class)
class BatchNormGradientCheckTest {

    private static final float EPS = 1e-5f;
    private static final double H = 1e-6;
    static final double TOLERANCE = 1e-6;

    private NDManager manager;

    @BeforeEach
    void setUp(NDManager manager) {
        this.manager = manager;
    }

    @Test
    void gradients2d() {
        check(new Shape(5, 3), 11);
    }

    @Test
    void gradients4d() {
        check(new Shape(2, 3, 2, 2), 12);
    }

    private void check(Shape xShape, long seed) {
        checkAffine(
                manager,
                (x, gamma, beta) -> {
                    NDManager m = x.getManager();
                    long c = gamma.size();
                    return BatchNormOps.batchNorm(
                                    true,
                                    x,
                                    gamma,
                                    beta,
                                    m.zeros(new Shape(c), x.getDataType()),
                                    m.ones(new Shape(c), x.getDataType()),
                                    EPS,
                                    0.9f)
                            .output();
                },
                xShape,
                seed,
                new double[] {2, 0.5, 1});
    }

    /** A normalization of x with per-channel γ and β (whatever else it needs, it makes itself). */
    @FunctionalInterface
    interface AffineOp {
        NDArray apply(NDArray x, NDArray gamma, NDArray beta);
    }

    /**
     * Checks the autograd gradients of L = sum(op(x, γ, β)·R) with respect to x, γ and β against
     * central finite differences, in float64, for random x, γ, β and R drawn from {@code seed}.
     *
     * @param spread x's mean and standard deviation, and β's standard deviation (γ is drawn around
     *     1 with standard deviation 0.3, R standard normal)
     */
    static void checkAffine(
            NDManager manager, AffineOp op, Shape xShape, long seed, double[] spread) {
        Random random = new Random(seed);
        int channels = (int) xShape.get(1);
        double[] x = Gaussian.samples(random, (int) xShape.size(), spread[0], spread[1]);
        double[] gamma = Gaussian.samples(random, channels, 1, 0.3);
        double[] beta = Gaussian.samples(random, channels, 0, spread[2]);
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

        Loss f =
                (xv, gv, bv) -> {
                    // each evaluation's arrays are freed with its sub-manager
                    try (NDManager sub = manager.newSubManager()) {
                        return op.apply(
                                        sub.create(xv, xShape),
                                        sub.create(gv, cShape),
                                        sub.create(bv, cShape))
                                .mul(sub.create(r, xShape))
                                .sum()
                                .getDouble();
                    }
                };
        assertRelativeError("d/dx", xa.getGradient(), numeric(x, v -> f.at(v, gamma, beta)));
        assertRelativeError("d/dgamma", ga.getGradient(), numeric(gamma, v -> f.at(x, v, beta)));
        assertRelativeError("d/dbeta", ba.getGradient(), numeric(beta, v -> f.at(x, gamma, v)));
    }

    /**
     * Runs {@code backward} after a GC and after refilling freed native memory with garbage. DJL's
     * {@code NDArray.div(Number)} and friends wrap the Number in a tensor over a direct buffer and
     * close it at once; if autograd kept that tensor, the GC frees its memory and backward reads
     * garbage. That made these gradients flaky (about 1 run in 15); here it is made likely.
     */
    static void reuseFreedNativeMemory(Runnable backward) {
        System.gc();
        try {
            // the Cleaner thread frees unreachable direct buffers after the GC
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> garbage = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(8);
            b.putLong(0, 0x4040404040404040L);
            garbage.add(b);
        }
        backward.run();
        garbage.clear();
    }

    /** Central differences of {@code f} with respect to every element of {@code at}. */
    static double[] numeric(double[] at, java.util.function.ToDoubleFunction<double[]> f) {
        double[] grad = new double[at.length];
        for (int i = 0; i < at.length; i++) {
            double[] plus = at.clone();
            double[] minus = at.clone();
            plus[i] += H;
            minus[i] -= H;
            grad[i] = (f.applyAsDouble(plus) - f.applyAsDouble(minus)) / (2 * H);
        }
        return grad;
    }

    /** Asserts ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖) ≤ tolerance, NaN failing. */
    static void assertRelativeError(String what, NDArray analytic, double[] numeric) {
        NDArray num = analytic.getManager().create(numeric, analytic.getShape());
        double diff = analytic.sub(num).norm().getDouble();
        double scale = Math.max(analytic.norm().getDouble(), num.norm().getDouble());
        double relative = diff / scale;
        assertTrue(relative <= TOLERANCE, what + " relative error " + relative);
    }

    @FunctionalInterface
    private interface Loss {
        double at(double[] x, double[] gamma, double[] beta);
    }
}
