package bnlab.nn;

import static bnlab.nn.BatchNormOpsTest.X2;
import static bnlab.testing.NdAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import bnlab.testing.ManagerPerTest;
import bnlab.testing.NdAssert;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link LiteNorm}: its parameters, running statistic, description and validation. */
@ExtendWith(ManagerPerTest.class)
class LiteNormTest {

    private NDManager manager;

    @BeforeEach
    void setUp(NDManager manager) {
        this.manager = manager;
    }

    private static LiteNorm.Builder kind(LiteNorm.Kind kind) {
        return LiteNorm.builder().setKind(kind);
    }

    private LiteNorm initialised(LiteNorm norm) {
        norm.initialize(manager, DataType.FLOAT32, new Shape(4, 2));
        return norm;
    }

    private static List<String> names(LiteNorm norm) {
        return norm.getParameters().keys();
    }

    @Test
    void eachKindHasItsOwnHalfOfTheParameters() {
        LiteNorm mean = initialised(kind(LiteNorm.Kind.MEAN_ONLY).build());
        assertEquals(List.of("beta", "runningMean"), names(mean));
        assertClose(mean.getParameters().get("beta").getArray(), manager.zeros(new Shape(2)), 0);
        assertClose(
                mean.getParameters().get("runningMean").getArray(), manager.zeros(new Shape(2)), 0);
        LiteNorm var = initialised(kind(LiteNorm.Kind.VARIANCE_ONLY).build());
        assertEquals(List.of("gamma", "runningVar"), names(var));
        assertClose(var.getParameters().get("gamma").getArray(), manager.ones(new Shape(2)), 0);
        assertClose(
                var.getParameters().get("runningVar").getArray(), manager.ones(new Shape(2)), 0);
        Parameter running = var.getParameters().get("runningVar");
        assertFalse(running.requiresGradient(), "running statistics are not trained");
    }

    @Test
    void withoutAffineOnlyTheRunningStatisticRemains() {
        assertEquals(
                List.of("runningMean"),
                names(kind(LiteNorm.Kind.MEAN_ONLY).optAffine(false).build()));
        assertEquals(
                List.of("runningVar"),
                names(kind(LiteNorm.Kind.VARIANCE_ONLY).optAffine(false).build()));
    }

    @Test
    void trainingUpdatesTheRunningStatisticInPlaceAndInferenceLeavesItAlone() {
        LiteNorm mean = initialised(kind(LiteNorm.Kind.MEAN_ONLY).build());
        LiteNorm var = initialised(kind(LiteNorm.Kind.VARIANCE_ONLY).optEpsilon(0.5f).build());
        NDArray meanArray = mean.getParameters().get("runningMean").getArray();
        NDArray varArray = var.getParameters().get("runningVar").getArray();
        ParameterStore store = new ParameterStore(manager, false);
        NDArray x = manager.create(NdAssert.toFloat(X2), new Shape(4, 2));
        mean.forward(store, new NDList(x), true);
        var.forward(store, new NDList(x), true);
        assertSame(meanArray, mean.getParameters().get("runningMean").getArray());
        assertClose(meanArray, new Shape(2), new double[] {0.3, 0}, 1e-6);
        assertClose(varArray, new Shape(2), new double[] {1.25, 1.75}, 1e-6);
        // inference: x − 0.3 in channel 0, x/√(1.75 + 0.5) = x/1.5 in channel 1
        NDArray y = mean.forward(store, new NDList(x), false).singletonOrThrow();
        assertClose(y, new Shape(4, 2), new double[] {0.7, -5, 1.7, 1, 2.7, 2, 5.7, 2}, 1e-6);
        NDArray z = var.forward(store, new NDList(x), false).singletonOrThrow();
        assertClose(
                z.get(":, 1"),
                new Shape(4),
                new double[] {-5 / 1.5, 1 / 1.5, 2 / 1.5, 2 / 1.5},
                1e-6);
        assertClose(meanArray, new Shape(2), new double[] {0.3, 0}, 1e-6);
        assertClose(varArray, new Shape(2), new double[] {1.25, 1.75}, 1e-6);
    }

    @Test
    void describesItself() {
        assertEquals(
                "MeanOnlyNorm(momentum=0.9)", kind(LiteNorm.Kind.MEAN_ONLY).build().toString());
        assertEquals(
                "VarianceOnlyNorm(eps=1e-05, momentum=0.9)",
                kind(LiteNorm.Kind.VARIANCE_ONLY).build().toString());
        assertEquals(
                "VarianceOnlyNorm(eps=0.001, momentum=0.8, affine=false)",
                kind(LiteNorm.Kind.VARIANCE_ONLY)
                        .optEpsilon(1e-3f)
                        .optMomentum(0.8f)
                        .optAffine(false)
                        .build()
                        .toString());
    }

    @Test
    void builderValidation() {
        assertEquals(
                "kind must be set, MEAN_ONLY or VARIANCE_ONLY",
                assertThrows(IllegalArgumentException.class, () -> LiteNorm.builder().build())
                        .getMessage());
        assertEquals(
                "epsilon must be positive and finite, got 0.0",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> kind(LiteNorm.Kind.VARIANCE_ONLY).optEpsilon(0f).build())
                        .getMessage());
        assertEquals(
                "momentum must be in [0, 1], got 1.5",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> kind(LiteNorm.Kind.MEAN_ONLY).optMomentum(1.5f).build())
                        .getMessage());
    }

    @Test
    void rejectsInputOfWrongRankAtInitialization() {
        LiteNorm norm = kind(LiteNorm.Kind.MEAN_ONLY).build();
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> norm.initialize(manager, DataType.FLOAT32, new Shape(4)));
        assertEquals("input must have rank 2, 3 or 4, got shape (4) of rank 1", e.getMessage());
    }
}
