package bnlab.fold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The per-channel folding formula on hand-computed values. */
class BatchNormFoldingTest {

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
