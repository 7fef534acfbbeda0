package bnlab.studies;

import bnlab.model.NetworkConfig;
import bnlab.model.Normalizer;
import bnlab.study.Comparisons;
import bnlab.study.ConfigSummary;
import bnlab.study.Measures;
import bnlab.study.Study;
import bnlab.study.StudyConfig;
import bnlab.study.StudyPlan;
import bnlab.study.StudyResults;
import bnlab.train.OptimizerKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Exercise 4: "lite" batch norm. Full (scratch) batch norm, mean-only, variance-only and none at
 * every site, each with Adam at two learning rates, the chapter's and ten times it.
 */
final class LiteStudy {

    /** The kinds compared, by the prefix of their configuration names. */
    static final List<String> KINDS = List.of("full", "mean", "variance", "none");

    /** The learning rates (Adam). */
    static final List<Double> LRS = List.of(0.001, 0.01);

    private static final List<Normalizer> NORMALIZERS =
            List.of(
                    Normalizer.SCRATCH,
                    Normalizer.MEAN_ONLY,
                    Normalizer.VARIANCE_ONLY,
                    Normalizer.NONE);

    private LiteStudy() {}

    static Study create() {
        List<StudyConfig> configs = new ArrayList<>();
        for (double lr : LRS) {
            for (int k = 0; k < KINDS.size(); k++) {
                Normalizer n = NORMALIZERS.get(k);
                NetworkConfig network = NetworkConfig.parse("norm=" + n);
                configs.add(
                        LeNetStudyTrainer.config(
                                name(KINDS.get(k), lr), network, OptimizerKind.ADAM, lr));
            }
        }
        return Study.builder()
                .setName("lite")
                .setDescription(
                        "exercise 4: full, mean-only, variance-only and no batch norm, with Adam"
                                + " at learning rates 0.001 and 0.01")
                .setQuestion(
                        "Implement a \"lite\" version of batch normalization that only removes the"
                                + " mean, or alternatively one that only removes the variance. How"
                                + " does it behave?")
                .setConfigs(configs)
                .setDefaults(new StudyPlan(3, 4, null))
                .setQuick(ChapterStudies.QUICK)
                .setAnswer(LiteStudy::answer)
                .build();
    }

    static String name(String kind, double lr) {
        return kind + "-" + LeNetStudyTrainer.formatLr(lr);
    }

    static String answer(StudyResults results) {
        List<String> parts = new ArrayList<>();
        parts.add(
                "Mean-only computes y = x − μ + β (β learned), variance-only y = γ·x/√(σ² + ε) (γ"
                        + " learned; the batch mean stays in its output, scaled); both use moving"
                        + " statistics in inference, like full batch norm.");
        for (double lr : LRS) {
            List<ConfigSummary> group = new ArrayList<>();
            for (String kind : KINDS) {
                group.add(results.summary(name(kind, lr)));
            }
            ConfigSummary full = group.get(0);
            String m = Measures.TEST_ACC;
            parts.add(
                    "At learning rate "
                            + LeNetStudyTrainer.formatLr(lr)
                            + ": mean-only is "
                            + Answers.relation(m, group.get(1), full)
                            + " full batch norm in test accuracy, variance-only is "
                            + Answers.relation(m, group.get(2), full)
                            + " it; against no normalization, mean-only is "
                            + Answers.relation(m, group.get(1), group.get(3))
                            + " and variance-only "
                            + Answers.relation(m, group.get(2), group.get(3))
                            + " it. "
                            + Comparisons.highest(m, group)
                            + "\n"
                            + Answers.bullets(
                                    Comparisons.againstReference(m, full.config(), group)));
        }
        List<String> acrossRates = new ArrayList<>();
        for (String kind : KINDS) {
            acrossRates.add(
                    Comparisons.compare(
                            Measures.TEST_ACC,
                            results.summary(name(kind, LRS.get(1))),
                            results.summary(name(kind, LRS.get(0)))));
        }
        parts.add("From one learning rate to the other:\n" + Answers.bullets(acrossRates));
        return String.join("\n\n", parts);
    }
}
