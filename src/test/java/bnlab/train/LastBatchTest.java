package bnlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import bnlab.data.DataFormatException;
import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.run.RunDirectory;
import bnlab.testing.RandomSplits;
import bnlab.testing.TrainingConfigs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The last batch of an epoch: batch norm cannot train on a single example, so a last batch of one
 * is left out of the epoch; a last batch of two or more is trained on. In-memory splits.
 */
class LastBatchTest {

    private static final int BATCH = 4;

    private static TrainingConfig config(Variant variant) {
        return TrainingConfigs.chapter(variant, 1, BATCH, null);
    }

    /** Trains one epoch on {@code count} examples and returns the batch counts reported. */
    private static List<Integer> epoch(Variant variant, int count) {
        List<Integer> reported = new ArrayList<>();
        try (Model model = RunDirectory.newLeNetModel(NetworkConfig.of(variant));
                ClassifierTrainer trainer =
                        new ClassifierTrainer(
                                model,
                                config(variant),
                                RandomSplits.of("train", count, count),
                                RandomSplits.of("test", 5, 5))) {
            EpochMetrics m =
                    trainer.trainEpoch(
                            1,
                            (b, n, loss) -> {
                                reported.add(b);
                                assertEquals(reported.size(), b);
                                assertTrue(Double.isFinite(loss), "loss " + loss);
                            });
            assertTrue(Double.isFinite(m.loss()), m.logLine());
            // accuracy over the examples trained on: 8 of 9 when the 9th is dropped
            double seen = count % BATCH == 1 ? count - 1 : count;
            assertEquals(0, m.trainAccuracy() * seen % 1, 1e-9, m.logLine());
        }
        return reported;
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void aLastBatchOfOneExampleIsDroppedAndTheEpochCompletes(Variant variant) {
        // 9 = 4 + 4 + 1: before, the third batch failed with "Expected more than 1 value per
        // channel when training" and the whole epoch was lost
        assertEquals(List.of(1, 2), epoch(variant, 9));
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void aLastBatchOfTwoExamplesIsKept(Variant variant) {
        assertEquals(List.of(1, 2, 3), epoch(variant, 10));
    }

    @Test
    void theRuleKeepsEveryOtherLastBatchAndTheChaptersRun() {
        TrainingConfig chapter = TrainingConfigs.chapter(Variant.SCRATCH, 5, 256, null);
        // 60,000 = 234 x 256 + 96: the last batch of 96 stays
        assertEquals(235, chapter.trainingBatchesPerEpoch(60_000));
        assertEquals(235, chapter.batchesPerEpoch(60_000));
        assertEquals(234, chapter.trainingBatchesPerEpoch(234 * 256 + 1));
        assertEquals(235, chapter.batchesPerEpoch(234 * 256 + 1), "evaluation keeps it");
        assertEquals(234, chapter.trainingBatchesPerEpoch(234 * 256));
        TrainingConfig limited = TrainingConfigs.chapter(Variant.SCRATCH, 5, 256, 3);
        assertEquals(3, limited.trainingBatchesPerEpoch(60_000));
    }

    @Test
    void aTrainingSplitOfOneExampleIsRefusedNamingItsFile() {
        try (Model model = RunDirectory.newLeNetModel(NetworkConfig.of(Variant.SCRATCH))) {
            DataFormatException e =
                    assertThrows(
                            DataFormatException.class,
                            () ->
                                    new ClassifierTrainer(
                                            model,
                                            config(Variant.SCRATCH),
                                            RandomSplits.of("train", 1, 1),
                                            RandomSplits.of("test", 5, 5)));
            assertEquals(
                    "train-images: the training split holds 1 example: expected at least 2,"
                            + " since batch norm cannot train on a single example",
                    e.getMessage());
        }
    }
}
