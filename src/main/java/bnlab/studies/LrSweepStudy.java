package bnlab.studies;

import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
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
 * The study behind {@code bnlab experiment lr-sweep --seeds N}: LeNet variants trained with plain
 * SGD at each learning rate of a list, N seeds each; the answer compares the variants at each
 * learning rate by the answer rule of {@link Comparisons}.
 */
public final class LrSweepStudy {

    /** The study's name, which also names its default directory. */
    public static final String NAME = "lr-sweep";

    private LrSweepStudy() {}

    /**
     * The sweep of {@code variants} over {@code learningRates}, each with SGD.
     *
     * @param plan seeds, epochs and batches per epoch
     * @throws IllegalArgumentException if a learning rate is given twice
     */
    public static Study of(List<Variant> variants, List<Double> learningRates, StudyPlan plan) {
        List<StudyConfig> configs = new ArrayList<>();
        for (double lr : learningRates) {
            for (Variant v : variants) {
                configs.add(
                        LeNetStudyTrainer.config(
                                name(v, lr), NetworkConfig.of(v), OptimizerKind.SGD, lr));
            }
        }
        return Study.builder()
                .setName(NAME)
                .setDescription(
                        "SGD learning rates "
                                + learningRates.stream()
                                        .map(LeNetStudyTrainer::formatLr)
                                        .collect(Collectors.joining(", "))
                                + " for "
                                + variants.stream()
                                        .map(Variant::cliName)
                                        .collect(Collectors.joining(" and ")))
                .setQuestion(
                        "At which learning rates of plain SGD does LeNet with batch norm reach a"
                                + " higher test accuracy than without it?")
                .setConfigs(configs)
                .setDefaults(plan)
                .setQuick(plan)
                .setAnswer(results -> answer(results, variants, learningRates))
                .optCharts(List.of(SweepCharts.testAccuracyByLr(c -> variant(c.name()))))
                .build();
    }

    /** E.g. {@code scratch-lr0.1}. */
    public static String name(Variant variant, double lr) {
        return variant.cliName() + "-lr" + LeNetStudyTrainer.formatLr(lr);
    }

    private static String variant(String name) {
        return name.substring(0, name.lastIndexOf("-lr"));
    }

    static String answer(StudyResults results, List<Variant> variants, List<Double> rates) {
        List<String> lines = new ArrayList<>();
        for (double lr : rates) {
            for (int i = 1; i < variants.size(); i++) {
                lines.add(
                        "At lr "
                                + LeNetStudyTrainer.formatLr(lr)
                                + ": "
                                + Comparisons.compare(
                                        Measures.TEST_ACC,
                                        results.summary(name(variants.get(i), lr)),
                                        results.summary(name(variants.get(0), lr))));
            }
        }
        lines.add(Comparisons.highest(Measures.TEST_ACC, results.summaries()));
        return String.join("\n\n", lines);
    }
}
