package bnlab.train;

import static bnlab.testing.NdAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import bnlab.data.FashionMnist;
import bnlab.data.Split;
import bnlab.model.BatchNormBlock;
import bnlab.model.LeNet;
import bnlab.model.NetworkConfig;
import bnlab.model.Normalizer;
import bnlab.model.Variant;
import bnlab.run.RunDirectory;
import bnlab.testing.RandomSplits;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Population statistics ({@link PopulationStatistics}) and batch statistics in inference ({@link
 * Inference#evaluateWithBatchStatistics}) on freshly initialised LeNets and random images, whose
 * moving statistics (0 and 1) are far from their inputs' statistics.
 */
class PopulationStatisticsTest {

    private static final int COUNT = 60;
    private static final Split SPLIT = RandomSplits.of("random", COUNT, 7);

    private static Model initialised(NetworkConfig network) {
        Model model = RunDirectory.newLeNetModel(network);
        model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, LeNet.inputShape(1));
        return model;
    }

    /** The whole split as one batch, in {@code manager}. */
    private static NDArray images(NDManager manager) {
        try (NativeSplit data = new NativeSplit(manager, SPLIT)) {
            NDArray x = data.slice(manager, 0, COUNT).get(0);
            x.attach(manager);
            return x;
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Variant.class,
            names = {"SCRATCH", "CONCISE"})
    void populationStatisticsAreTheWholeSplitsBatchStatisticsLayerByLayer(Variant variant) {
        try (Model model = initialised(NetworkConfig.of(variant));
                NDManager manager = model.getNDManager().newSubManager()) {
            List<PopulationStatistics.LayerChange> changes =
                    PopulationStatistics.recalibrate(model, SPLIT, 7);
            assertEquals(4, changes.size());
            assertEquals(
                    BatchNormBlock.findAll(model.getBlock()).stream()
                            .map(BatchNormBlock::index)
                            .toList(),
                    changes.stream().map(PopulationStatistics.LayerChange::index).toList());
            for (PopulationStatistics.LayerChange c : changes) {
                assertTrue(c.meanShift() > 0.1, "freshly initialised statistics were far off");
            }
            // inference with the population statistics = every layer normalising the whole split
            // with its own batch statistics (biased variance, as the population's)
            NDArray x = images(manager);
            ParameterStore parameters = new ParameterStore(manager, false);
            List<Block> layers = Inference.layers(model);
            NDArray population =
                    model.getBlock().forward(parameters, new NDList(x), false).singletonOrThrow();
            NDArray batch = Inference.forward(layers, parameters, x, layers.size(), true);
            assertClose(population, batch, 2e-4);
        }
    }

    @Test
    void theStatisticsDoNotDependOnThePassBatchSize() {
        try (Model model = initialised(NetworkConfig.of(Variant.SCRATCH))) {
            List<PopulationStatistics.LayerChange> first =
                    PopulationStatistics.recalibrate(model, SPLIT, COUNT);
            // the earlier layers now hold population statistics, so the same ones come again
            List<PopulationStatistics.LayerChange> again =
                    PopulationStatistics.recalibrate(model, SPLIT, 7);
            for (int i = 0; i < first.size(); i++) {
                double[] mean = first.get(i).mean();
                double[] variance = first.get(i).variance();
                assertArrayEquals(mean, again.get(i).mean(), 1e-5);
                assertArrayEquals(variance, again.get(i).variance(), 1e-5 * max(variance));
                // what the model held before the second pass: the first pass's, in float32
                assertArrayEquals(mean, again.get(i).runningMean(), 1e-6 * (1 + max(mean)));
                assertTrue(again.get(i).meanShift() < 1e-4, "" + again.get(i).meanShift());
            }
            // passes of a single example, and the default pass size, too
            List<PopulationStatistics.LayerChange> single =
                    PopulationStatistics.recalibrate(model, SPLIT, 1);
            List<PopulationStatistics.LayerChange> byDefault =
                    PopulationStatistics.recalibrate(model, SPLIT);
            assertEquals(first.size(), byDefault.size());
            for (int i = 0; i < first.size(); i++) {
                assertArrayEquals(first.get(i).mean(), single.get(i).mean(), 1e-5);
                assertArrayEquals(first.get(i).mean(), byDefault.get(i).mean(), 1e-5);
            }
        }
    }

    @Test
    void batchStatisticsInInferenceAreTrainingModesAndLeaveTheModelAlone() {
        Engine.getInstance().setRandomSeed(3);
        try (Model model = initialised(NetworkConfig.of(Variant.SCRATCH));
                NDManager manager = model.getNDManager().newSubManager()) {
            BatchNormBlock first = BatchNormBlock.findAll(model.getBlock()).get(0);
            float[] before = first.runningMean().toFloatArray();
            ConfusionMatrix m = Inference.evaluateWithBatchStatistics(model, SPLIT, 16, null);
            assertEquals(COUNT, m.total());
            assertArrayEquals(before, first.runningMean().toFloatArray(), 0f);
            // its predictions are those of batch statistics, batch by batch, which here are not
            // those of the moving statistics
            ConfusionMatrix expected = confusion(model, 16, true);
            assertArrayEquals(expected.counts(), m.counts());
            assertFalse(
                    Arrays.deepEquals(confusion(model, 16, false).counts(), m.counts()),
                    "batch and moving statistics predict alike: the check has no teeth");

            NDArray x = images(manager);
            List<Block> layers = Inference.layers(model);
            NDArray batch =
                    Inference.forward(
                            layers, new ParameterStore(manager, false), x, layers.size(), true);
            NDArray training =
                    model.getBlock()
                            .forward(new ParameterStore(manager, false), new NDList(x), true)
                            .singletonOrThrow();
            assertClose(batch, training, 1e-5);
        }
    }

    /**
     * The confusion matrix of {@link #SPLIT} in batches of {@code batchSize}, computed by {@link
     * Inference#forward} with or without batch statistics.
     */
    private static ConfusionMatrix confusion(Model model, int batchSize, boolean batchStatistics) {
        List<Block> layers = Inference.layers(model);
        ConfusionMatrix matrix = ConfusionMatrix.ofClasses(FashionMnist.CLASS_NAMES);
        try (NDManager manager = model.getNDManager().newSubManager();
                NativeSplit data = new NativeSplit(manager, SPLIT)) {
            Inference.forEachBatch(
                    manager,
                    data,
                    batchSize,
                    (COUNT + batchSize - 1) / batchSize,
                    batch -> {
                        long[] predicted =
                                Inference.forward(
                                                layers,
                                                new ParameterStore(batch.manager(), false),
                                                batch.images(),
                                                layers.size(),
                                                batchStatistics)
                                        .argMax(1)
                                        .toLongArray();
                        for (int i = 0; i < predicted.length; i++) {
                            matrix.add(SPLIT.label(batch.from() + i), (int) predicted[i]);
                        }
                    });
        }
        return matrix;
    }

    @Test
    void aBatchOfOneFailsAsBatchNormDoesForOneValuePerChannel() {
        try (Model model = initialised(NetworkConfig.of(Variant.SCRATCH))) {
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> Inference.evaluateWithBatchStatistics(model, SPLIT, 1, null));
            assertEquals(
                    "Expected more than 1 value per channel when training, got input size (1,"
                            + " 120)",
                    e.getMessage());
        }
    }

    @Test
    void refusesNetworksItCannotRecalibrate() {
        try (Model lite =
                        initialised(
                                NetworkConfig.of(Variant.SCRATCH)
                                        .withNorms(Collections.nCopies(4, Normalizer.MEAN_ONLY)));
                Model plain = initialised(NetworkConfig.of(Variant.PLAIN))) {
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> PopulationStatistics.recalibrate(lite, SPLIT));
            assertTrue(e.getMessage().startsWith("layer 1 is a "), e.getMessage());
            assertThrows(
                    IllegalArgumentException.class,
                    () -> Inference.evaluateWithBatchStatistics(lite, SPLIT, 8, null));
            assertEquals(List.of(), PopulationStatistics.recalibrate(plain, SPLIT));
            e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> PopulationStatistics.checkRecalibratable(plain));
            assertTrue(e.getMessage().contains("no batch-norm layer"), e.getMessage());
        }
    }

    @Test
    void layerChangesMeasureTheLagInPopulationStandardDeviations() {
        PopulationStatistics.LayerChange c =
                new PopulationStatistics.LayerChange(
                        3,
                        new double[] {1, -2},
                        new double[] {4, 1},
                        new double[] {0, 0},
                        new double[] {4, Math.E});
        // |1 − 0|/2 and |−2 − 0|/√e, averaged
        assertEquals((0.5 + 2 / Math.sqrt(Math.E)) / 2, c.meanShift(), 1e-12);
        // |ln(4/4)| and |ln(1/e)|, averaged
        assertEquals(0.5, c.varianceLogRatio(), 1e-12);
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        new PopulationStatistics.LayerChange(
                                1, new double[1], new double[2], new double[2], new double[2]));
    }

    @Test
    void channelsWithoutVarianceCountZeroShiftAndAreLeftOutOfTheVarianceRatio() {
        // channel 0 measured; channel 1 has no population variance, channel 2 no moving variance
        PopulationStatistics.LayerChange c =
                new PopulationStatistics.LayerChange(
                        0,
                        new double[] {1, 5, 0},
                        new double[] {4 * Math.E, 2, 0},
                        new double[] {0, 5, 0},
                        new double[] {4, 0, 1});
        assertEquals(0.5 / 3, c.meanShift(), 1e-12);
        assertEquals(1, c.varianceLogRatio(), 1e-12);
        PopulationStatistics.LayerChange none =
                new PopulationStatistics.LayerChange(
                        0, new double[] {1}, new double[] {1}, new double[] {1}, new double[] {0});
        assertEquals(0, none.varianceLogRatio());
    }

    private static double max(double[] values) {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
