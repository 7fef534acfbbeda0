package bnlab.nn;

import static bnlab.nn.BatchNormOpsTest.X2;
import static bnlab.testing.NdAssert.assertClose;
import static bnlab.testing.NdAssert.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import bnlab.testing.Gaussian;
import bnlab.testing.ManagerPerTest;
import bnlab.testing.NdAssert;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(ManagerPerTest.class)
class ScratchBatchNormTest {

    private static final double[] GAMMA = {1.5, 0.5, -2};
    private static final double[] BETA = {0.25, -1, 3};

    /** X2 normalized with eps 0.5: columns (-1, -0.5, 0, 1.5), (-5/3, 1/3, 2/3, 2/3). */
    private static final double[] X2_NORMALIZED = {
        -1, -5.0 / 3, -0.5, 1.0 / 3, 0, 2.0 / 3, 1.5, 2.0 / 3
    };

    private NDManager manager;

    @BeforeEach
    void setUp(NDManager manager) {
        this.manager = manager;
    }

    private static Initializer constant(double[] values) {
        return (m, shape, type) -> m.create(NdAssert.toFloat(values), shape);
    }

    private static NDArray param(Block block, String name) {
        return block.getParameters().get(name).getArray();
    }

    /** Both blocks with the same non-trivial gamma/beta, initialized for {@code shape}. */
    private void initLikeEachOther(Shape shape, AbstractBlock... blocks) {
        for (AbstractBlock block : blocks) {
            block.setInitializer(constant(GAMMA), "gamma");
            block.setInitializer(constant(BETA), "beta");
            block.initialize(manager, DataType.FLOAT32, shape);
        }
    }

    private static NDArray forward(Block block, ParameterStore ps, NDArray x, boolean training) {
        return block.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /** X2 as a float32 (N=4, C=2) array. */
    private NDArray x2() {
        return manager.create(NdAssert.toFloat(X2), new Shape(4, 2));
    }

    /** One pass of X2 through the block, with a store of its own. */
    private NDArray forwardX2(Block block, boolean training) {
        return forward(block, new ParameterStore(manager, false), x2(), training);
    }

    // ------------------------------------------------------------ against DJL's BatchNorm

    @Test
    void matchesDjlBatchNorm2d() {
        compareWithDjl(new Shape(8, 3));
    }

    @Test
    void matchesDjlBatchNorm4d() {
        compareWithDjl(new Shape(4, 3, 3, 2));
    }

    private void compareWithDjl(Shape shape) {
        BatchNorm djl = BatchNorm.builder().build();
        ScratchBatchNorm scratch =
                ScratchBatchNorm.builder().optUnbiasedRunningVariance(true).build();
        initLikeEachOther(shape, djl, scratch);
        ParameterStore ps = new ParameterStore(manager, false);
        Random random = new Random(3);
        for (int batch = 0; batch < 4; batch++) {
            NDArray x = Gaussian.floats(manager, random, shape, 3, 2);
            assertClose(forward(scratch, ps, x, true), forward(djl, ps, x, true), 1e-5);
        }
        // the statistics moved well away from (0, 1) and agree
        assertTrue(maxAbsDiff(param(djl, "runningMean"), manager.zeros(new Shape(3))) > 1);
        assertClose(param(scratch, "runningMean"), param(djl, "runningMean"), 1e-5);
        assertClose(param(scratch, "runningVar"), param(djl, "runningVar"), 1e-5);

        NDArray probe = Gaussian.floats(manager, random, shape, 3, 2);
        assertClose(forward(scratch, ps, probe, false), forward(djl, ps, probe, false), 1e-5);
    }

    @Test
    void djlOnPyTorchUsesOldValueMomentumAndStoresUnbiasedVariance() {
        // X2 per channel: means (3, 0), biased variances (3.5, 8.5), unbiased (14/3, 34/3)
        BatchNorm djl = BatchNorm.builder().optMomentum(0.9f).build();
        djl.initialize(manager, DataType.FLOAT32, new Shape(4, 2));
        forwardX2(djl, true);
        assertClose(param(djl, "runningMean"), new Shape(2), new double[] {0.3, 0}, 1e-6);
        assertClose(
                param(djl, "runningVar"),
                new Shape(2),
                new double[] {0.9 + 1.4 / 3, 0.9 + 3.4 / 3},
                1e-6);
    }

    @Test
    void gradientsMatchDjlBatchNorm() {
        Shape shape = new Shape(4, 3, 2, 2);
        BatchNorm djl = BatchNorm.builder().build();
        ScratchBatchNorm scratch = ScratchBatchNorm.builder().build();
        initLikeEachOther(shape, djl, scratch);
        ParameterStore ps = new ParameterStore(manager, false);
        Random random = new Random(5);
        NDArray x = Gaussian.floats(manager, random, shape, 1, 3);
        NDArray r = Gaussian.floats(manager, random, shape, 0, 1);
        NDArray xd = x.duplicate();
        NDArray xs = x.duplicate();
        xd.setRequiresGradient(true);
        xs.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss =
                    forward(djl, ps, xd, true)
                            .mul(r)
                            .sum()
                            .add(forward(scratch, ps, xs, true).mul(r).sum());
            collector.backward(loss);
        }
        assertTrue(maxAbsDiff(xd.getGradient(), manager.zeros(shape)) > 0.01, "non-trivial");
        assertClose(xs.getGradient(), xd.getGradient(), 1e-5);
        for (String name : List.of("gamma", "beta")) {
            assertClose(param(scratch, name).getGradient(), param(djl, name).getGradient(), 1e-4);
        }
    }

    // ------------------------------------------------------------ running statistics

    @Test
    void runningStatisticsAreUpdatedInPlaceOnTheParameterArray() {
        ScratchBatchNorm bn = ScratchBatchNorm.builder().optEpsilon(0.5f).build();
        bn.initialize(manager, DataType.FLOAT32, new Shape(4, 2));
        NDArray meanBefore = param(bn, "runningMean");
        NDArray varBefore = param(bn, "runningVar");
        forwardX2(bn, true);
        assertSame(meanBefore, param(bn, "runningMean"));
        assertSame(varBefore, param(bn, "runningVar"));
        assertClose(meanBefore, new Shape(2), new double[] {0.3, 0}, 1e-6);
        assertClose(varBefore, new Shape(2), new double[] {1.25, 1.75}, 1e-6);
    }

    /**
     * A store that really copies, as DJL's does across devices. (DJL's {@code
     * ParameterStore(manager, true)} on the same device does not: PyTorch's {@code to()} then
     * returns an alias of the same storage.)
     */
    private static final class CloningParameterStore extends ParameterStore {
        private final Map<String, NDArray> copies = new HashMap<>();

        CloningParameterStore(NDManager manager) {
            super(manager, false);
        }

        @Override
        public NDArray getValue(Parameter parameter, Device device, boolean training) {
            return parameter == null
                    ? null
                    : copies.computeIfAbsent(
                            parameter.getId(), k -> parameter.getArray().duplicate());
        }
    }

    @Test
    void runningStatisticsReachTheParameterAlsoWhenTheStoreCopies() {
        ScratchBatchNorm bn =
                ScratchBatchNorm.builder().optEpsilon(0.5f).optCumulativeAverage().build();
        bn.initialize(manager, DataType.FLOAT32, new Shape(4, 2));
        ParameterStore copying = new CloningParameterStore(manager);
        NDArray x = x2();
        forward(bn, copying, x, true);
        forward(bn, copying, x, true);
        // two identical batches: the plain average is the batch statistics themselves
        for (String name : List.of("runningMean", "runningVar", "numBatchesTracked")) {
            Parameter p = bn.getParameters().get(name);
            NDArray stored = copying.getValue(p, x.getDevice(), true);
            assertFalse(stored == p.getArray(), "the store should hold a copy");
            // the store's copy and the parameter's own array agree
            assertClose(stored, p.getArray(), 0);
        }
        assertClose(param(bn, "runningMean"), new Shape(2), new double[] {3, 0}, 1e-6);
        assertClose(param(bn, "runningVar"), new Shape(2), new double[] {3.5, 8.5}, 1e-5);
        assertEquals(2, param(bn, "numBatchesTracked").getLong());
    }

    @Test
    void cumulativeAverageIsThePlainMeanOfTheBatchStatistics() {
        ScratchBatchNorm bn = ScratchBatchNorm.builder().optCumulativeAverage().build();
        bn.initialize(manager, DataType.FLOAT32, new Shape(2, 2));
        ParameterStore ps = new ParameterStore(manager, false);
        // batch means (1, 2), (4, 2), (4, 10); biased variances (1, 1), (0, 4), (9, 0)
        double[][] batches = {{0, 1, 2, 3}, {4, 0, 4, 4}, {1, 10, 7, 10}};
        for (double[] batch : batches) {
            forward(bn, ps, manager.create(NdAssert.toFloat(batch), new Shape(2, 2)), true);
        }
        assertClose(param(bn, "runningMean"), new Shape(2), new double[] {3, 14.0 / 3}, 1e-5);
        assertClose(param(bn, "runningVar"), new Shape(2), new double[] {10.0 / 3, 5.0 / 3}, 1e-5);
        NDArray counter = param(bn, "numBatchesTracked");
        assertEquals(DataType.INT64, counter.getDataType());
        assertEquals(new Shape(1), counter.getShape());
        assertEquals(3, counter.getLong());
    }

    @Test
    void theBatchCounterLeavesNothingBehindInTheParametersManager() {
        ScratchBatchNorm bn = ScratchBatchNorm.builder().optCumulativeAverage().build();
        Shape shape = new Shape(4, 3);
        bn.initialize(manager, DataType.FLOAT32, shape);
        int held = ManagerPerTest.openArrays(manager);
        for (int i = 0; i < 5; i++) {
            try (NDManager batch = manager.newSubManager()) {
                NDArray x = batch.randomNormal(shape);
                bn.forward(new ParameterStore(batch, false), new NDList(x), true);
            }
        }
        assertEquals(5, param(bn, "numBatchesTracked").getLong());
        assertEquals(held, ManagerPerTest.openArrays(manager));
    }

    @Test
    void inferenceLeavesRunningStatisticsAlone() {
        ScratchBatchNorm bn = ScratchBatchNorm.builder().optCumulativeAverage().build();
        bn.initialize(manager, DataType.FLOAT32, new Shape(4, 2));
        forwardX2(bn, false);
        assertClose(param(bn, "runningMean"), manager.zeros(new Shape(2)), 0);
        assertClose(param(bn, "runningVar"), manager.ones(new Shape(2)), 0);
        assertEquals(0, param(bn, "numBatchesTracked").getLong());
    }

    // ------------------------------------------------------------ options

    @Test
    void withoutAffineThereAreNoGammaAndBeta() {
        ScratchBatchNorm bn = ScratchBatchNorm.builder().optEpsilon(0.5f).optAffine(false).build();
        assertEquals(List.of("runningMean", "runningVar"), bn.getParameters().keys());
        bn.initialize(manager, DataType.FLOAT32, new Shape(4, 2));
        assertClose(forwardX2(bn, true), new Shape(4, 2), X2_NORMALIZED, 1e-6);
    }

    @Test
    void withoutTrackingInferenceUsesBatchStatistics() {
        ScratchBatchNorm bn =
                ScratchBatchNorm.builder()
                        .optEpsilon(0.5f)
                        .optTrackRunningStatistics(false)
                        .build();
        assertEquals(List.of("gamma", "beta"), bn.getParameters().keys());
        bn.initialize(manager, DataType.FLOAT32, new Shape(4, 2));
        ParameterStore ps = new ParameterStore(manager, false);
        NDArray x = x2();
        forward(bn, ps, x, true);
        assertClose(forward(bn, ps, x, false), new Shape(4, 2), X2_NORMALIZED, 1e-6);
    }

    @Test
    void builderDefaultsAndToString() {
        ScratchBatchNorm bn = ScratchBatchNorm.builder().build();
        assertEquals(1e-5f, bn.getEpsilon());
        assertEquals(0.9f, bn.getMomentum());
        assertTrue(bn.isAffine());
        assertTrue(bn.isTrackingRunningStatistics());
        assertFalse(bn.isCumulativeAverage());
        assertFalse(bn.isUnbiasedRunningVariance());
        assertEquals(
                List.of("gamma", "beta", "runningMean", "runningVar"), bn.getParameters().keys());
        assertEquals("ScratchBatchNorm(eps=1e-05, momentum=0.9)", bn.toString());
        assertEquals(
                "ScratchBatchNorm(eps=0.001, momentum=0.99, affine=false,"
                        + " unbiasedRunningVariance=true)",
                ScratchBatchNorm.builder()
                        .optEpsilon(1e-3f)
                        .optMomentum(0.99f)
                        .optAffine(false)
                        .optUnbiasedRunningVariance(true)
                        .build()
                        .toString());
        assertEquals(
                "ScratchBatchNorm(eps=1e-05, cumulativeAverage=true)",
                ScratchBatchNorm.builder().optCumulativeAverage().build().toString());
        assertEquals(
                "ScratchBatchNorm(eps=1e-05, momentum=0.9, trackRunningStatistics=false)",
                ScratchBatchNorm.builder().optTrackRunningStatistics(false).build().toString());
        assertEquals("0.0001", ScratchBatchNorm.pyFloat(1e-4f));
        assertEquals("2.5e-07", ScratchBatchNorm.pyFloat(2.5e-7f));
        assertEquals("1.0", ScratchBatchNorm.pyFloat(1f));
        assertEquals("0.0", ScratchBatchNorm.pyFloat(0f));
    }

    private static void assertBuildFails(String message, Supplier<ScratchBatchNorm.Builder> b) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> b.get().build());
        assertEquals(message, e.getMessage());
    }

    @Test
    void builderValidation() {
        assertBuildFails(
                "epsilon must be positive and finite, got 0.0",
                () -> ScratchBatchNorm.builder().optEpsilon(0f));
        assertBuildFails(
                "epsilon must be positive and finite, got NaN",
                () -> ScratchBatchNorm.builder().optEpsilon(Float.NaN));
        assertBuildFails(
                "epsilon must be positive and finite, got Infinity",
                () -> ScratchBatchNorm.builder().optEpsilon(Float.POSITIVE_INFINITY));
        assertBuildFails(
                "momentum must be in [0, 1], got 1.5",
                () -> ScratchBatchNorm.builder().optMomentum(1.5f));
        assertBuildFails(
                "momentum must be in [0, 1], got -0.1",
                () -> ScratchBatchNorm.builder().optMomentum(-0.1f));
        assertBuildFails(
                "momentum must be in [0, 1], got NaN",
                () -> ScratchBatchNorm.builder().optMomentum(Float.NaN));
        String exclusive = "optMomentum and optCumulativeAverage are mutually exclusive";
        // even the default value counts as an explicit momentum, in either order
        assertBuildFails(
                exclusive,
                () -> ScratchBatchNorm.builder().optMomentum(0.9f).optCumulativeAverage());
        assertBuildFails(
                exclusive,
                () -> ScratchBatchNorm.builder().optCumulativeAverage().optMomentum(0.9f));
        assertBuildFails(
                "optCumulativeAverage requires optTrackRunningStatistics(true)",
                () ->
                        ScratchBatchNorm.builder()
                                .optCumulativeAverage()
                                .optTrackRunningStatistics(false));
    }

    @Test
    void renormalizationLimitsAreValidatedAtBuild() {
        assertBuildFails(
                "rMax must be at least 1 and finite, got 0.5",
                () -> ScratchBatchNorm.builder().optRenormalization(0.5f, 5f));
        assertBuildFails(
                "dMax must be at least 0 and finite, got Infinity",
                () -> ScratchBatchNorm.builder().optRenormalization(3f, Float.POSITIVE_INFINITY));
        assertBuildFails(
                "optRenormalization requires optTrackRunningStatistics(true)",
                () ->
                        ScratchBatchNorm.builder()
                                .optRenormalization(3f, 5f)
                                .optTrackRunningStatistics(false));
        assertTrue(ScratchBatchNorm.builder().optRenormalization(1f, 0f).build().isRenormalizing());
    }

    @Test
    void rejectsInputOfWrongRankAtInitialization() {
        ScratchBatchNorm bn = ScratchBatchNorm.builder().build();
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> bn.initialize(manager, DataType.FLOAT32, new Shape(5)));
        assertEquals("input must have rank 2, 3 or 4, got shape (5) of rank 1", e.getMessage());
    }

    // ------------------------------------------------------------ in a model

    private static SequentialBlock net(ScratchBatchNorm bn) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(3).build())
                .add(bn)
                .add(Linear.builder().setUnits(1).build());
    }

    @Test
    void trainsWithAdamInASequentialBlockAndSurvivesSaveAndLoad(@TempDir Path dir)
            throws Exception {
        Random random = new Random(9);
        ScratchBatchNorm bn = ScratchBatchNorm.builder().optCumulativeAverage().build();
        NDArray probe = Gaussian.floats(manager, random, new Shape(5, 4), 0, 1);
        NDArray expected;
        try (Model model = Model.newInstance("bn")) {
            model.setBlock(net(bn));
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(Optimizer.adam().build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(8, 4));
                NDArray gammaBefore = param(bn, "gamma").duplicate();
                for (int step = 0; step < 3; step++) {
                    NDArray x = Gaussian.floats(manager, random, new Shape(8, 4), 2, 1);
                    NDArray y = Gaussian.floats(manager, random, new Shape(8, 1), 0, 1);
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray pred = trainer.forward(new NDList(x)).singletonOrThrow();
                        collector.backward(
                                trainer.getLoss().evaluate(new NDList(y), new NDList(pred)));
                    }
                    trainer.step();
                }
                assertTrue(maxAbsDiff(param(bn, "gamma"), gammaBefore) > 1e-4, "Adam trains gamma");
            }
            assertEquals(3, param(bn, "numBatchesTracked").getLong());
            assertTrue(maxAbsDiff(param(bn, "runningMean"), manager.zeros(new Shape(3))) > 1e-3);
            expected =
                    forward(model.getBlock(), new ParameterStore(manager, false), probe, false)
                            .duplicate();
            expected.attach(manager);
            model.save(dir, "bn");

            ScratchBatchNorm loadedBn = ScratchBatchNorm.builder().optCumulativeAverage().build();
            try (Model loaded = Model.newInstance("bn")) {
                loaded.setBlock(net(loadedBn));
                loaded.load(dir, "bn");
                for (String name : List.of("gamma", "beta", "runningMean", "runningVar")) {
                    assertClose(param(loadedBn, name), param(bn, name), 0);
                }
                assertEquals(3, param(loadedBn, "numBatchesTracked").getLong());
                NDArray actual =
                        forward(
                                loaded.getBlock(),
                                new ParameterStore(manager, false),
                                probe,
                                false);
                assertClose(actual, expected, 0);
            }
        }
    }
}
