package bnlab.nn;

import static bnlab.testing.NdAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import bnlab.testing.Gaussian;
import bnlab.testing.ManagerPerTest;
import bnlab.testing.NdAssert;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/** {@link GroupNorm} as a block: its parameters, groups, description and validation. */
@ExtendWith(ManagerPerTest.class)
class GroupNormTest {

    private NDManager manager;

    @BeforeEach
    void setUp(NDManager manager) {
        this.manager = manager;
    }

    private GroupNorm initialised(GroupNorm norm, Shape input) {
        norm.initialize(manager, DataType.FLOAT32, input);
        return norm;
    }

    private NDArray forward(GroupNorm norm, NDArray x, boolean training) {
        ParameterStore store = new ParameterStore(manager, false);
        return norm.forward(store, new NDList(x), training).singletonOrThrow();
    }

    private static String message(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    @Test
    void gammaAndBetaStartAtOneAndZeroAndAreTrainedOnlyWhenAffine() {
        GroupNorm affine = initialised(GroupNorm.builder().build(), new Shape(2, 3, 4));
        assertEquals(List.of("gamma", "beta"), affine.getParameters().keys());
        Parameter gamma = affine.getParameters().get("gamma");
        Parameter beta = affine.getParameters().get("beta");
        assertClose(gamma.getArray(), manager.ones(new Shape(3)), 0);
        assertClose(beta.getArray(), manager.zeros(new Shape(3)), 0);
        assertTrue(gamma.requiresGradient() && beta.requiresGradient());

        GroupNorm fixed =
                initialised(GroupNorm.builder().optAffine(false).build(), new Shape(2, 3, 4));
        // kept, so that a saved model has the same parameters either way
        assertEquals(List.of("gamma", "beta"), fixed.getParameters().keys());
        assertFalse(fixed.getParameters().get("gamma").requiresGradient());
        assertFalse(fixed.getParameters().get("beta").requiresGradient());
    }

    @Test
    void forwardIsGroupNormOfTheGroupsInTrainingAndInferenceAlike() {
        NDArray x = Gaussian.floats(manager, new Random(7), new Shape(2, 4, 3, 3), 1, 2);
        GroupNorm norm = initialised(GroupNorm.builder().optGroups(2).build(), x.getShape());
        NDArray expected = GroupNormOps.groupNorm(x, 2, null, null, 1e-5f);
        assertClose(forward(norm, x, true), expected, 1e-6);
        assertClose(forward(norm, x, false), expected, 1e-6);
        // one group differs: the two halves are no longer normalized on their own
        NDArray layer = GroupNormOps.groupNorm(x, 1, null, null, 1e-5f);
        assertTrue(NdAssert.maxAbsDiff(layer, expected) > 1e-3);
    }

    @Test
    void onePerChannelFollowsTheInputsChannelCount() {
        for (long channels : new long[] {3, 6}) {
            NDArray x = Gaussian.floats(manager, new Random(11), new Shape(2, channels, 5), 1, 2);
            GroupNorm instance =
                    initialised(GroupNorm.builder().optGroupPerChannel().build(), x.getShape());
            assertClose(
                    forward(instance, x, true),
                    GroupNormOps.groupNorm(x, (int) channels, null, null, 1e-5f),
                    1e-6);
        }
    }

    @Test
    void theLastGroupingSettingWins() {
        GroupNorm groups =
                GroupNorm.builder().optGroupPerChannel().optGroups(2).optEpsilon(1e-3f).build();
        assertEquals("GroupNorm(groups=2, eps=0.001)", groups.toString());
        GroupNorm perChannel =
                GroupNorm.builder().optGroups(2).optGroupPerChannel().optAffine(false).build();
        assertEquals(
                "GroupNorm(groups=per channel, eps=1e-05, affine=false)", perChannel.toString());
    }

    @Test
    void badSettingsAreRefusedNamingThem() {
        assertEquals(
                "groups must be at least 1, got 0",
                message(() -> GroupNorm.builder().optGroups(0).build()));
        assertEquals(
                "epsilon must be positive and finite, got 0.0",
                message(() -> GroupNorm.builder().optEpsilon(0f).build()));
        assertEquals(
                "epsilon must be positive and finite, got Infinity",
                message(() -> GroupNorm.builder().optEpsilon(Float.POSITIVE_INFINITY).build()));
        GroupNorm four = GroupNorm.builder().optGroups(4).build();
        assertEquals(
                "4 groups do not divide the 6 channels of the input",
                message(() -> four.initialize(manager, DataType.FLOAT32, new Shape(2, 6))));
    }
}
