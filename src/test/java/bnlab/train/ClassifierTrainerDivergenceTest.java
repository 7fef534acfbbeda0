package bnlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Model;
import bnlab.model.Variant;
import bnlab.run.RunDirectory;
import bnlab.testing.RandomSplits;
import bnlab.testing.TrainingConfigs;
import org.junit.jupiter.api.Test;

/** A non-finite loss stops training at that batch (injected: this LeNet does not diverge). */
class ClassifierTrainerDivergenceTest {

    @Test
    void aNanLossStopsTrainingAtThatBatch() {
        TrainingConfig config = TrainingConfigs.chapter(Variant.SCRATCH, 2, 64, 3);
        try (Model model = Model.newInstance(RunDirectory.MODEL_NAME)) {
            // training calls 1..3 are epoch 1; call 5 is epoch 2, batch 2
            model.setBlock(NanAfterBlock.lenetFailingAt(Variant.SCRATCH, 5));
            try (ClassifierTrainer trainer =
                    new ClassifierTrainer(
                            model,
                            config,
                            RandomSplits.of("train", 3 * 64, 1),
                            RandomSplits.of("test", 64, 2))) {
                trainer.trainEpoch(1, BatchListener.NONE);
                int[] lastBatchSeen = {0};
                TrainingDivergedException e =
                        assertThrows(
                                TrainingDivergedException.class,
                                () -> trainer.trainEpoch(2, (b, n, loss) -> lastBatchSeen[0] = b));
                assertEquals(2, e.epoch());
                assertEquals(2, e.batch());
                assertEquals(1, lastBatchSeen[0], "the diverged batch is not reported as done");
                assertEquals(
                        "training diverged at epoch 2, batch 2 (loss NaN); try a lower learningRate",
                        e.getMessage());
            }
        }
    }
}
