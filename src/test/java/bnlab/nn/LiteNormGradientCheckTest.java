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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference check, in float64, of the autograd gradients of L = sum(Y·R) through {@link
 * LiteNormOps#meanOnly} (with respect to x and β) and {@link LiteNormOps#varianceOnly} (x and γ) in
 * training mode, for fixed random x, parameter and R, as {@link BatchNormGradientCheckTest} does
 * for full batch norm.
 */
@ExtendWith(ManagerPerTest.class)
class LiteNormGradientCheckTest {

    private static final float EPS = 1e-5f;

    private NDManager manager;

    @BeforeEach
    void setUp(NDManager manager) {
        this.manager = manager;
    }

    /** One lite normalization with its single per-channel parameter, in training mode. */
    @FunctionalInterface
    private interface Op {
        NDArray apply(NDArray x, NDArray param, NDArray moving);
    }

    private static final Op MEAN_ONLY =
            (x, beta, moving) -> LiteNormOps.meanOnly(true, x, beta, moving, 0.9f).output();

    private static final Op VARIANCE_ONLY =
            (x, gamma, moving) ->
                    LiteNormOps.varianceOnly(true, x, gamma, moving, EPS, 0.9f).output();

    /** Each normalization on 2-d and 4-d input, with the seed of its random data. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(Named.of("meanOnly", MEAN_ONLY), new Shape(5, 3), 21L),
                Arguments.of(Named.of("meanOnly", MEAN_ONLY), new Shape(2, 3, 2, 2), 22L),
                Arguments.of(Named.of("varianceOnly", VARIANCE_ONLY), new Shape(5, 3), 23L),
                Arguments.of(Named.of("varianceOnly", VARIANCE_ONLY), new Shape(2, 3, 2, 2), 24L));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void autogradMatchesFiniteDifferences(Op op, Shape xShape, long seed) {
        Random random = new Random(seed);
        int channels = (int) xShape.get(1);
        // centred away from 0, so that variance-only's kept mean matters in the gradient
        double[] x = Gaussian.samples(random, (int) xShape.size(), 2, 0.5);
        double[] param = Gaussian.samples(random, channels, 1, 0.3);
        double[] r = Gaussian.samples(random, (int) xShape.size(), 0, 1);
        Shape cShape = new Shape(channels);

        NDArray xa = manager.create(x, xShape);
        NDArray pa = manager.create(param, cShape);
        xa.setRequiresGradient(true);
        pa.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = loss(op, xa, pa, manager.create(r, xShape));
            reuseFreedNativeMemory(() -> collector.backward(loss));
        }

        assertRelativeError(
                "d/dx", xa.getGradient(), numeric(x, v -> lossValue(op, v, xShape, param, r)));
        assertRelativeError(
                "d/dparam", pa.getGradient(), numeric(param, v -> lossValue(op, x, xShape, v, r)));
    }

    private static NDArray loss(Op op, NDArray x, NDArray param, NDArray r) {
        // a moving statistic too, so the update path runs (it must not affect the gradient)
        NDArray moving = x.getManager().ones(param.getShape(), x.getDataType());
        return op.apply(x, param, moving).mul(r).sum();
    }

    private double lossValue(Op op, double[] x, Shape xShape, double[] param, double[] r) {
        try (NDManager sub = manager.newSubManager()) {
            return loss(
                            op,
                            sub.create(x, xShape),
                            sub.create(param, new Shape(param.length)),
                            sub.create(r, xShape))
                    .getDouble();
        }
    }
}
