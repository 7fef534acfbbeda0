package bnlab.studies;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.train.OptimizerKind;
import bnlab.train.TrainingConfig;
import org.junit.jupiter.api.Test;

/** The learning rate a study configuration records is the one training uses, written plainly. */
class LeNetStudyTrainerTest {

    private static String recordedLr(double lr) {
        return LeNetStudyTrainer.config(
                        "n", NetworkConfig.of(Variant.SCRATCH), OptimizerKind.ADAM, lr)
                .settings()
                .get(LeNetStudyTrainer.LR);
    }

    @Test
    void theChaptersFloatLearningRateIsWrittenAsTyped() {
        // 0.001f widened to double is 0.0010000000474974513
        assertEquals("0.001", recordedLr(TrainingConfig.DEFAULT_LEARNING_RATE));
        assertEquals(
                "0.001",
                ChapterStudies.chapterTraining("n", NetworkConfig.of(Variant.SCRATCH))
                        .settings()
                        .get(LeNetStudyTrainer.LR));
    }

    @Test
    void doubleLearningRatesKeepTheirPlainForm() {
        assertEquals("0.01", recordedLr(0.01));
        assertEquals("1", recordedLr(1.0));
        assertEquals("100", recordedLr(100.0));
        assertEquals("0.0003", recordedLr(3e-4));
    }

    @Test
    void theRecordedTextParsesBackToTheFloatTrainingUses() {
        for (double lr : new double[] {TrainingConfig.DEFAULT_LEARNING_RATE, 0.1, 0.3, 7e-5}) {
            assertEquals((float) lr, Float.parseFloat(recordedLr(lr)));
        }
    }
}
