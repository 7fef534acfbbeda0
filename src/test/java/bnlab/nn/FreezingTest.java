package bnlab.nn;

import static bnlab.testing.NdAssert.assertClose;
import static bnlab.testing.NdAssert.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import bnlab.testing.Gaussian;
import bnlab.testing.ManagerPerTest;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The four combinations of frozen statistics and frozen γ, β of {@link ScratchBatchNorm}, one test
 * per row of the table in docs/library.md, and what DJL's {@code freezeParameters} does to its own
 * {@link BatchNorm}. Each runs one training step with gradients on a (6, 3, 2, 2) batch whose
 * statistics (mean 2, sd 3) are far from the running ones (0, 1).
 */
@ExtendWith(ManagerPerTest.class)
class FreezingTest {

    private static final Shape SHAPE = new Shape(6, 3, 2, 2);

    private NDManager manager;
    private NDArray x;
    private NDArray weights;

    @BeforeEach
    void setUp(NDManager manager) {
        this.manager = manager;
        Random random = new Random(11);
        x = Gaussian.floats(manager, random, SHAPE, 2, 3);
        weights = Gaussian.floats(manager, random, SHAPE, 0, 1);
    }

    /** What one training step did: its output, and the block's statistics and γ gradient after. */
    private record Step(
            NDArray output, NDArray runningMean, NDArray runningVar, NDArray gammaGrad) {}

    private Step trainingStep(AbstractBlock block) {
        block.initialize(manager, DataType.FLOAT32, SHAPE);
        return step(block);
    }

    private Step step(Block block) {
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray output;
        // x takes gradients, so there is a graph even when every parameter is frozen
        NDArray input = x.duplicate();
        input.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            output = block.forward(ps, new NDList(input), true).singletonOrThrow();
            collector.backward(output.mul(weights).sum());
        }
        NDArray gamma = block.getParameters().get("gamma").getArray();
        return new Step(
                output,
                block.getParameters().get("runningMean").getArray(),
                block.getParameters().get("runningVar").getArray(),
                gamma.hasGradient() ? gamma.getGradient() : null);
    }

    /** y with the batch's own statistics (γ = 1, β = 0, as initialised). */
    private NDArray batchNormalized() {
        return BatchNormOps.trainingStep(x, null, null, null, null, BatchNormOps.Options.DEFAULTS)
                .output();
    }

    private void assertStatisticsMoved(Step s) {
        assertTrue(maxAbsDiff(s.runningMean(), manager.zeros(new Shape(3))) > 0.05, "mean moved");
        assertTrue(maxAbsDiff(s.runningVar(), manager.ones(new Shape(3))) > 0.05, "var moved");
    }

    private void assertStatisticsKept(Step s) {
        assertEquals(0.0, maxAbsDiff(s.runningMean(), manager.zeros(new Shape(3))));
        assertEquals(0.0, maxAbsDiff(s.runningVar(), manager.ones(new Shape(3))));
    }

    private void assertGammaLearns(Step s) {
        assertTrue(
                s.gammaGrad() != null
                        && maxAbsDiff(s.gammaGrad(), manager.zeros(new Shape(3))) > 1e-3,
                "γ has a gradient");
    }

    private static void assertGammaFrozen(Step s) {
        assertTrue(
                s.gammaGrad() == null || s.gammaGrad().abs().sum().getFloat() == 0,
                "γ has no gradient");
    }

    @Test
    void nothingFrozenNormalisesWithTheBatchAndMovesEverything() {
        Step s = trainingStep(ScratchBatchNorm.builder().build());
        assertClose(s.output(), batchNormalized(), 1e-5);
        assertStatisticsMoved(s);
        assertGammaLearns(s);
    }

    @Test
    void frozenAffineStillNormalisesWithTheBatchAndMovesTheStatistics() {
        ScratchBatchNorm bn = ScratchBatchNorm.builder().optFreezeAffine(true).build();
        Step s = trainingStep(bn);
        assertClose(s.output(), batchNormalized(), 1e-5);
        assertStatisticsMoved(s);
        assertGammaFrozen(s);
        assertTrue(bn.isFreezingAffine());
        assertFalse(bn.getParameters().get("beta").requiresGradient());
    }

    @Test
    void frozenStatisticsNormaliseWithTheRunningOnesAndKeepThem() {
        ScratchBatchNorm bn = ScratchBatchNorm.builder().optFreezeStatistics(true).build();
        Step s = trainingStep(bn);
        // running (0, 1): y = x/√(1 + ε), as in inference
        assertClose(s.output(), x.div(Math.sqrt(1 + 1e-5)), 1e-5);
        assertStatisticsKept(s);
        assertGammaLearns(s);
        assertTrue(bn.isFreezingStatistics());
    }

    @Test
    void bothFrozenIsAFixedAffineMapInTraining() {
        ScratchBatchNorm bn =
                ScratchBatchNorm.builder().optFreezeStatistics(true).optFreezeAffine(true).build();
        Step s = trainingStep(bn);
        NDArray inference =
                bn.forward(new ParameterStore(manager, false), new NDList(x), false)
                        .singletonOrThrow();
        assertClose(s.output(), inference, 0);
        assertStatisticsKept(s);
        assertGammaFrozen(s);
        assertEquals(
                "ScratchBatchNorm(eps=1e-05, momentum=0.9, freezeStatistics=true,"
                        + " freezeAffine=true)",
                bn.toString());
    }

    @Test
    void djlsFreezeParametersStopsGammaButNotTheStatistics() {
        BatchNorm djl = BatchNorm.builder().build();
        djl.initialize(manager, DataType.FLOAT32, SHAPE);
        djl.freezeParameters(true);
        Step s = step(djl);
        // the pitfall of pytorch#86590: "frozen", yet batch statistics and moving statistics
        assertClose(s.output(), batchNormalized(), 1e-5);
        assertStatisticsMoved(s);
        assertGammaFrozen(s);
    }

    @Test
    void freezingNeedsWhatItFreezes() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                ScratchBatchNorm.builder()
                                        .optTrackRunningStatistics(false)
                                        .optFreezeStatistics(true)
                                        .build());
        assertEquals(
                "optFreezeStatistics requires optTrackRunningStatistics(true)", e.getMessage());
        e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                ScratchBatchNorm.builder()
                                        .optAffine(false)
                                        .optFreezeAffine(true)
                                        .build());
        assertEquals("optFreezeAffine requires optAffine(true)", e.getMessage());
    }
}
