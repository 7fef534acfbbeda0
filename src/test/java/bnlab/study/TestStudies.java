package bnlab.study;

import java.util.List;

/** Small studies for the tests, trained by {@link FakeTrainer}. */
final class TestStudies {

    static final String QUESTION = "Does a higher acc setting give a higher accuracy?";

    private TestStudies() {}

    /** Three configurations, a, b and c, of accuracy 0.5, 0.6 and 0.8, measuring {@code gap}. */
    static Study threeConfigs() {
        return threeConfigs("0.8");
    }

    /** {@link #threeConfigs()} with configuration c's accuracy setting {@code cAcc}. */
    static Study threeConfigs(String cAcc) {
        return builder(
                        List.of(
                                StudyConfig.of("a", "acc", "0.5"),
                                StudyConfig.of("b", "acc", "0.6"),
                                StudyConfig.of("c", "acc", cAcc)))
                .build();
    }

    /** Configuration ok, and bad, which diverges after its first epoch. */
    static Study withDiverging() {
        return builder(
                        List.of(
                                StudyConfig.of("ok", "acc", "0.7"),
                                StudyConfig.of("bad", "acc", "0.7", "diverge", "true")))
                .build();
    }

    static Study.Builder builder(List<StudyConfig> configs) {
        return Study.builder()
                .setName("toy")
                .setDescription("a toy study for the tests")
                .setQuestion(QUESTION)
                .setConfigs(configs)
                .optMeasures(List.of("gap"))
                .setDefaults(new StudyPlan(3, 2, null))
                .setQuick(new StudyPlan(2, 1, 2))
                .setAnswer(r -> Comparisons.highest(Measures.TEST_ACC, r.summaries()));
    }
}
