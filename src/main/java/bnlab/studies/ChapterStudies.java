package bnlab.studies;

import bnlab.model.NetworkConfig;
import bnlab.study.Study;
import bnlab.study.StudyConfig;
import bnlab.study.StudyPlan;
import bnlab.train.OptimizerKind;
import bnlab.train.TrainingConfig;
import java.util.List;
import java.util.stream.Collectors;

/** The studies {@code bnlab study} runs, one per exercise of d2l's batch-norm section. */
public final class ChapterStudies {

    /**
     * The seconds-long {@code --quick} plan of most studies: 2 seeds (so that intervals exist), one
     * epoch of 3 batches (the test pass then also covers only 3 batches).
     */
    static final StudyPlan QUICK = new StudyPlan(2, 1, 3);

    private static final List<Study> ALL =
            List.of(
                    BiasStudy.create(),
                    LrStudy.create(),
                    PlacementStudy.create(),
                    LiteStudy.create(),
                    FixedAffineStudy.create(),
                    DropoutStudy.create(),
                    // beyond the exercises: the pitfall users hit most
                    BatchSizeStudy.create(),
                    StatisticsStudy.create());

    private ChapterStudies() {}

    /** A configuration trained as the chapter trains: Adam at its learning rate, 0.001. */
    static StudyConfig chapterTraining(String name, NetworkConfig network) {
        return LeNetStudyTrainer.config(
                name, network, OptimizerKind.ADAM, TrainingConfig.DEFAULT_LEARNING_RATE);
    }

    /** Every study: the book's exercises in their order, then batch norm's pitfalls. */
    public static List<Study> all() {
        return ALL;
    }

    /**
     * The study called {@code name}.
     *
     * @throws IllegalArgumentException naming the bad name and the known ones
     */
    public static Study named(String name) {
        return ALL.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "unknown study '"
                                                + name
                                                + "', expected one of "
                                                + ALL.stream()
                                                        .map(Study::name)
                                                        .collect(Collectors.joining(", "))));
    }
}
