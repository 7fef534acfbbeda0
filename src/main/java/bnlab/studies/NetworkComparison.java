package bnlab.studies;

import bnlab.model.NetworkConfig;
import bnlab.study.Comparisons;
import bnlab.study.Measures;
import bnlab.study.Study;
import bnlab.study.StudyConfig;
import bnlab.study.StudyPlan;
import bnlab.study.StudyResults;
import bnlab.train.OptimizerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The study behind {@code bnlab compare --seeds N}: the networks given, trained alike with N seeds
 * each, compared in final test accuracy by the answer rule of {@link Comparisons}.
 */
public final class NetworkComparison {

    /** The study's name, which also names its default directory. */
    public static final String NAME = "compare";

    private NetworkComparison() {}

    /**
     * The comparison of {@code networks}, each trained with {@code optimizer} at {@code lr}.
     *
     * @param plan seeds, epochs and batches per epoch
     * @throws IllegalArgumentException if fewer than two networks are given, or one twice
     */
    public static Study of(
            List<NetworkConfig> networks, OptimizerKind optimizer, double lr, StudyPlan plan) {
        List<StudyConfig> configs = new ArrayList<>();
        for (NetworkConfig n : networks) {
            configs.add(LeNetStudyTrainer.config(name(n), n, optimizer, lr));
        }
        String names = configs.stream().map(StudyConfig::name).collect(Collectors.joining(", "));
        return Study.builder()
                .setName(NAME)
                .setDescription("compare: " + names)
                .setQuestion(
                        "Which of these networks reaches the highest test accuracy after "
                                + plan.epochs()
                                + (plan.epochs() == 1 ? " epoch: " : " epochs: ")
                                + names
                                + "?")
                .setConfigs(configs)
                .setDefaults(plan)
                .setQuick(plan)
                .setAnswer(NetworkComparison::answer)
                .build();
    }

    /**
     * A network's name in the comparison's tables: its label (the preset's name, or the items that
     * differ from the chapter's network) with {@code +} for the commas, which a CSV cell cannot
     * hold.
     */
    public static String name(NetworkConfig network) {
        return network.label().replace(',', '+');
    }

    static String answer(StudyResults results) {
        List<String> parts = new ArrayList<>();
        parts.add(Comparisons.highest(Measures.TEST_ACC, results.summaries()));
        String first = results.study().configs().get(0).name();
        parts.add(
                "Against "
                        + first
                        + ": "
                        + String.join(
                                " ",
                                Comparisons.againstReference(
                                        Measures.TEST_ACC, first, results.summaries())));
        return String.join("\n\n", parts);
    }
}
