package bnlab.fold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import bnlab.model.LeNet;
import bnlab.model.NetworkConfig;
import org.junit.jupiter.api.Test;

/**
 * The per-channel folding formula on hand-computed values; batch renormalization folds (its
 * inference is batch norm's) and the per-example normalizers do not.
 */
class BatchNormFoldingTest {

    @Test
    void aBatchRenormLeNetFoldsIntoTheSamePredictions() {
        NetworkConfig network = NetworkConfig.parse("norm=batch-renorm");
        try (Model model = Model.newInstance("renorm")) {
            SequentialBlock net = LeNet.builder().setConfig(network).build();
            model.setBlock(net);
            NDManager manager = model.getNDManager();
            net.initialize(manager, DataType.FLOAT32, LeNet.inputShape(8));
            ParameterStore store = new ParameterStore(manager, false);
            NDArray x = manager.randomUniform(0, 1, LeNet.inputShape(8));
            // two training passes move the running statistics away from 0 and 1
            for (int i = 0; i < 2; i++) {
                net.forward(store, new NDList(x.mul(i + 1)), true);
            }
            NDArray expected = net.forward(store, new NDList(x), false).singletonOrThrow();
            try (Model folded = BatchNormFolding.fold(model, network)) {
                NDArray actual =
                        folded.getBlock()
                                .forward(
                                        new ParameterStore(folded.getNDManager(), false),
                                        new NDList(x.toDevice(x.getDevice(), true)),
                                        false)
                                .singletonOrThrow();
                assertTrue(
                        actual.sub(expected).abs().max().getFloat() < 1e-4, "folded logits differ");
            }
        }
    }

    @Test
    void perExampleNormalizersAreNotFoldable() {
        for (String norm : new String[] {"layer", "group:2", "instance:none:none:none"}) {
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () ->
                                    BatchNormFolding.checkFoldable(
                                            NetworkConfig.parse("norm=" + norm)));
            assertTrue(
                    e.getMessage()
                            .startsWith(
                                    "norm "
                                            + norm.split(":none")[0]
                                            + " at site conv1 is not foldable"),
                    e.getMessage());
        }
    }

    @Test
    void foldsScaleIntoEveryWeightOfTheChannelAndShiftIntoTheBias() {
        // two output channels of two weights each; channel 0: γ=2, β=1, μ=3, σ²=4−ε → s = 1
        float eps = 1e-5f;
        float[] weight = {1, 2, 3, 4};
        float[] bias = {5, 6};
        BatchNormFolding.foldChannels(
                weight,
                bias,
                new float[] {2, 0.5f},
                new float[] {1, -1},
                new float[] {3, 2},
                new float[] {4 - eps, 1 - eps},
                eps);
        // s0 = 2/2 = 1: W unchanged, b = (5−3)·1 + 1 = 3; s1 = 0.5/1: W halved, b = (6−2)·0.5 − 1 =
        // 1
        assertArrayEquals(new float[] {1, 2, 1.5f, 2}, weight, 1e-6f);
        assertArrayEquals(new float[] {3, 1}, bias, 1e-6f);
    }

    @Test
    void withoutAffineParametersGammaIsOneAndBetaZero() {
        float[] weight = {2, 4};
        float[] bias = {1, 1};
        BatchNormFolding.foldChannels(
                weight, bias, null, null, new float[] {1, 3}, new float[] {4, 16}, 0f);
        assertArrayEquals(new float[] {1, 1}, weight, 1e-6f);
        assertArrayEquals(new float[] {0, -0.5f}, bias, 1e-6f);
    }

    @Test
    void rejectsStatisticsOfAnotherWidth() {
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        BatchNormFolding.foldChannels(
                                new float[4],
                                new float[2],
                                null,
                                null,
                                new float[3],
                                new float[3],
                                1e-5f));
    }
}
