package bnlab.train;

import static bnlab.testing.NdAssert.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import bnlab.data.IdxArray;
import bnlab.data.Split;
import bnlab.model.LeNet;
import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.run.RunDirectory;
import bnlab.testing.ManagerPerTest;
import bnlab.testing.RandomSplits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What training does with its settings: every epoch sees a new order of the examples (fixed by the
 * seed), and the optimizer steps by the learning rate it was given. On random in-memory splits.
 */
@ExtendWith(ManagerPerTest.class)
class ClassifierTrainerTest {

    private static final int BATCH = 16;
    private static final Split TRAIN = RandomSplits.of("train", 4 * BATCH, 1);
    private static final Split TEST = RandomSplits.of("test", BATCH, 2);

    @Test
    void shuffledIndicesArePermutationsFixedBySeedAndEpoch() {
        long[] epoch1 = ClassifierTrainer.shuffledIndices(100, 7, 1);
        long[] sorted = epoch1.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i], "a permutation of 0..99");
        }
        assertArrayEquals(epoch1, ClassifierTrainer.shuffledIndices(100, 7, 1));
        assertFalse(Arrays.equals(epoch1, ClassifierTrainer.shuffledIndices(100, 7, 2)));
        assertFalse(Arrays.equals(epoch1, ClassifierTrainer.shuffledIndices(100, 8, 1)));
    }

    /**
     * With the weights effectively frozen (SGD at lr 1e-30) an epoch's loss depends only on which
     * examples its one batch holds: epoch 2 must train on another batch than epoch 1, and a second
     * run with the same seed on the same ones.
     */
    @Test
    void eachEpochTrainsOnANewShuffleFixedByTheSeed() {
        TrainingConfig frozen = config(OptimizerKind.SGD, 1e-30f);
        double[] first = epochLosses(frozen);
        assertNotEquals(first[0], first[1], "epoch 2 trained on epoch 1's batch");
        assertArrayEquals(first, epochLosses(frozen), "same seed, same batches");
    }

    /**
     * From the same initial weights and batch, one step at four times the learning rate moves every
     * weight four times as far (SGD: lr x gradient; Adam's first step: lr x g / (|g| + eps)).
     */
    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void theFirstStepScalesWithTheLearningRate(OptimizerKind optimizer, NDManager manager) {
        NDArray small = firstStep(config(optimizer, 0.002f), manager);
        NDArray large = firstStep(config(optimizer, 0.008f), manager);
        double moved = maxAbsDiff(large, manager.zeros(large.getShape()));
        assertTrue(moved > 1e-4, "the step moved the weights: " + moved);
        double off = maxAbsDiff(large, small.mul(4));
        assertTrue(off <= 1e-3 * moved, "4x lr moved the weights by 4x: off by " + off);
    }

    @Test
    void anEpochReportsTheMeanBatchLossAndTheTestAccuracyCountedImageByImage() {
        Split test = RandomSplits.of("test", 200, 3);
        TrainingConfig config =
                new TrainingConfig(
                        NetworkConfig.of(Variant.SCRATCH),
                        1,
                        BATCH,
                        0.01f,
                        OptimizerKind.ADAM,
                        42,
                        null,
                        1);
        List<Double> runningMeans = new ArrayList<>();
        try (Model model = newModel();
                ClassifierTrainer trainer = new ClassifierTrainer(model, config, TRAIN, test)) {
            EpochMetrics m =
                    trainer.trainEpoch(
                            1,
                            (batch, batches, meanLoss) -> {
                                assertEquals(runningMeans.size() + 1, batch);
                                assertEquals(4, batches);
                                runningMeans.add(meanLoss);
                            });
            assertEquals(4, runningMeans.size());
            for (int b = 1; b <= 4; b++) {
                double previousSum = b == 1 ? 0 : runningMeans.get(b - 2) * (b - 1);
                double batchLoss = runningMeans.get(b - 1) * b - previousSum;
                assertTrue(batchLoss > 0, "batch " + b + " loss " + batchLoss);
            }
            assertEquals(runningMeans.get(3), m.loss(), 1e-12);
            double trainCorrect = m.trainAccuracy() * TRAIN.count();
            assertEquals(Math.round(trainCorrect), trainCorrect, 1e-9);
            assertTrue(m.seconds() > 0 && m.seconds() < 600, "" + m.seconds());

            int correct = 0;
            for (int i = 0; i < test.count(); i++) {
                float[] p = Inference.probabilities(model, test.pixelsAsFloats(i, 1));
                int best = 0;
                for (int c = 1; c < p.length; c++) {
                    best = p[c] > p[best] ? c : best;
                }
                correct += best == test.label(i) ? 1 : 0;
            }
            assertTrue(correct > 0, "the check needs some right answers");
            assertEquals((double) correct / test.count(), m.testAccuracy(), 1e-12);
            assertEquals(m.testAccuracy(), trainer.testAccuracy(), 1e-12);
        }
    }

    /**
     * Four batches of one example repeated, with the weights frozen: every batch has the same loss,
     * so the mean of the batches so far, which the progress bar shows after each batch, is that
     * loss after every batch (dividing by all four batches instead would climb to it).
     */
    @Test
    void theRunningMeanIsTheMeanOfTheBatchesSoFar() {
        Split one = RandomSplits.of("one", 1, 5);
        int count = 4 * BATCH;
        byte[] pixels = new byte[count * one.pixels().length];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(one.pixels(), 0, pixels, i * one.pixels().length, one.pixels().length);
            labels[i] = one.labels()[0];
        }
        Split repeated =
                Split.of(
                        "repeated",
                        new IdxArray(
                                Path.of("repeated-images"),
                                new int[] {count, one.rows(), one.cols()},
                                pixels),
                        new IdxArray(Path.of("repeated-labels"), new int[] {count}, labels));
        List<Double> runningMeans = new ArrayList<>();
        try (Model model = newModel();
                ClassifierTrainer trainer =
                        new ClassifierTrainer(
                                model,
                                new TrainingConfig(
                                        NetworkConfig.of(Variant.SCRATCH),
                                        1,
                                        BATCH,
                                        1e-30f,
                                        OptimizerKind.SGD,
                                        42,
                                        null,
                                        1),
                                repeated,
                                TEST)) {
            EpochMetrics m =
                    trainer.trainEpoch(1, (batch, batches, mean) -> runningMeans.add(mean));
            assertTrue(m.loss() > 0, "a loss to compare with: " + m.loss());
            assertEquals(4, runningMeans.size());
            for (double mean : runningMeans) {
                assertEquals(m.loss(), mean, 1e-6 * m.loss(), "running means " + runningMeans);
            }
        }
    }

    private static TrainingConfig config(OptimizerKind optimizer, float learningRate) {
        return new TrainingConfig(
                NetworkConfig.of(Variant.SCRATCH), 2, BATCH, learningRate, optimizer, 42, 1, 1);
    }

    private static double[] epochLosses(TrainingConfig config) {
        try (Model model = newModel();
                ClassifierTrainer trainer = new ClassifierTrainer(model, config, TRAIN, TEST)) {
            return new double[] {
                trainer.trainEpoch(1, BatchListener.NONE).loss(),
                trainer.trainEpoch(2, BatchListener.NONE).loss()
            };
        }
    }

    /** How far one training step moves the first convolution's weights, copied into manager. */
    private static NDArray firstStep(TrainingConfig config, NDManager manager) {
        try (Model model = newModel();
                ClassifierTrainer trainer = new ClassifierTrainer(model, config, TRAIN, TEST)) {
            NDArray weight = model.getBlock().getParameters().get(0).getValue().getArray();
            NDArray before = manager.create(weight.toFloatArray(), weight.getShape());
            trainer.trainEpoch(1, BatchListener.NONE);
            NDArray after = manager.create(weight.toFloatArray(), weight.getShape());
            return after.sub(before);
        }
    }

    private static Model newModel() {
        Model model = Model.newInstance(RunDirectory.MODEL_NAME);
        model.setBlock(LeNet.builder().setVariant(Variant.SCRATCH).build());
        return model;
    }
}
