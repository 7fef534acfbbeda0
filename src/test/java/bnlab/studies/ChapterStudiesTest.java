package bnlab.studies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.model.NetworkConfig;
import bnlab.study.Study;
import bnlab.study.StudyConfig;
import bnlab.study.StudyPlan;
import bnlab.train.OptimizerKind;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The studies are well-formed: the book's six questions in its order, then the pitfall studies;
 * trainable settings; cheap quick plans.
 */
class ChapterStudiesTest {

    /** The exercises as d2l-en's batch-norm section states them. */
    private static final Map<String, String> QUESTIONS =
            Map.of(
                    "bias",
                    "Should we remove the bias parameter from the fully connected layer or the"
                            + " convolutional layer before the batch normalization? Why?",
                    "lr",
                    "Compare the learning rates for LeNet with and without batch normalization."
                            + " Plot the increase in validation accuracy. How large can you make"
                            + " the learning rate before the optimization fails in both cases?",
                    "placement",
                    "Do we need batch normalization in every layer? Experiment with it.",
                    "lite",
                    "Implement a \"lite\" version of batch normalization that only removes the"
                            + " mean, or alternatively one that only removes the variance. How"
                            + " does it behave?",
                    "fixed-affine",
                    "Fix the parameters `beta` and `gamma`. Observe and analyze the results.",
                    "dropout",
                    "Can you replace dropout by batch normalization? How does the behavior"
                            + " change?");

    @Test
    void sixStudiesInTheBooksOrderWithItsQuestionsThenThePitfalls() {
        assertEquals(
                List.of(
                        "bias",
                        "lr",
                        "placement",
                        "lite",
                        "fixed-affine",
                        "dropout",
                        "batch-size",
                        "statistics"),
                ChapterStudies.all().stream().map(Study::name).toList());
        for (Study s : ChapterStudies.all()) {
            if (QUESTIONS.containsKey(s.name())) {
                assertEquals(QUESTIONS.get(s.name()), s.question(), s.name());
            }
            assertEquals(s, ChapterStudies.named(s.name()));
        }
    }

    @Test
    void everyConfigurationIsOneTheTrainerCanBuild() {
        for (Study s : ChapterStudies.all()) {
            Set<String> networks = new HashSet<>();
            for (StudyConfig c : s.configs()) {
                String network = c.settings().get(LeNetStudyTrainer.NETWORK);
                assertEquals(network, NetworkConfig.parse(network).toString(), c.name());
                OptimizerKind.parse(c.settings().get(LeNetStudyTrainer.OPTIMIZER));
                double lr = Double.parseDouble(c.settings().get(LeNetStudyTrainer.LR));
                assertTrue(lr > 0, c.name());
                networks.add(network + "/" + c.settings());
            }
            assertEquals(s.configs().size(), networks.size(), s.name() + ": no two alike");
            assertTrue(s.measures().stream().allMatch(LeNetStudyTrainer::records), s.name());
        }
    }

    @Test
    void quickPlansAreAFewBatchesAndDefaultsTheRealThing() {
        for (Study s : ChapterStudies.all()) {
            StudyPlan quick = s.quick();
            assertTrue(quick.limitBatches() != null && quick.limitBatches() <= 3, s.name());
            assertEquals(1, quick.epochs(), s.name());
            StudyPlan full = s.defaults();
            assertTrue(full.seeds() >= 3, s.name() + ": an interval needs seeds");
            assertTrue(full.limitBatches() == null || full.limitBatches() >= 40, s.name());
        }
    }

    @Test
    void theStudiesDifferOnlyInWhatTheirQuestionVaries() {
        assertEquals(
                NetworkConfig.parse(network("bias", BiasStudy.WITH)).withBias(false),
                NetworkConfig.parse(network("bias", BiasStudy.WITHOUT)));
        assertEquals(
                NetworkConfig.parse(network("fixed-affine", FixedAffineStudy.LEARNED))
                        .withLearnedAffine(false),
                NetworkConfig.parse(network("fixed-affine", FixedAffineStudy.FIXED)));
        assertEquals("norm=scratch:none:none:none", network("placement", "first").split(",")[0]);
    }

    /** The network setting of one configuration of a study, as text. */
    private static String network(String study, String config) {
        return ChapterStudies.named(study).config(config).settings().get(LeNetStudyTrainer.NETWORK);
    }

    @Test
    void theBatchSizeStudyShowsEveryNormalizerTheSameExamplesAtEachBatchSize() {
        Study s = ChapterStudies.named("batch-size");
        assertEquals(
                BatchSizeStudy.BATCH_SIZES.size() * BatchSizeStudy.NORMALIZERS.size(),
                s.configs().size());
        StudyConfig bn2 = s.config("bn-b2");
        assertEquals("2", bn2.settings().get(LeNetStudyTrainer.BATCH));
        for (StudyConfig c : s.configs()) {
            assertEquals(
                    Integer.toString(BatchSizeStudy.EXAMPLES),
                    c.settings().get(LeNetStudyTrainer.EXAMPLES),
                    c.name());
        }
        assertEquals("norm=group:2", network("batch-size", "group-b8").split(",")[0]);
        assertEquals("norm=batch-renorm", network("batch-size", "renorm-b8").split(",")[0]);
        // the trainer's batch size is not the study's: no shared batchSize is recorded
        assertEquals(Map.of(), LeNetStudyTrainer.sharedSettings(s, LeNetStudyTrainer.BATCH_SIZE));
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ChapterStudies.named("biass"));
        assertEquals(
                "unknown study 'biass', expected one of bias, lr, placement, lite, fixed-affine,"
                        + " dropout, batch-size, statistics",
                e.getMessage());
    }
}
