package bnlab.studies;

import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.study.Comparisons;
import bnlab.study.ConfigSummary;
import bnlab.study.Measures;
import bnlab.study.Study;
import bnlab.study.StudyPlan;
import bnlab.study.StudyResults;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Exercise 5: γ and β learned (the chapter) or fixed at 1 and 0, in scratch BN LeNet, with plain
 * LeNet for scale; Adam at the chapter's learning rate.
 */
final class FixedAffineStudy {

    static final String LEARNED = "learned";
    static final String FIXED = "fixed";
    static final String PLAIN = "plain";

    private FixedAffineStudy() {}

    static Study create() {
        NetworkConfig bn = NetworkConfig.of(Variant.SCRATCH);
        return Study.builder()
                .setName("fixed-affine")
                .setDescription(
                        "exercise 5: BN LeNet with γ and β learned or fixed at 1 and 0 (and plain"
                                + " LeNet)")
                .setQuestion(
                        "Fix the parameters `beta` and `gamma`. Observe and analyze the results.")
                .setConfigs(
                        List.of(
                                ChapterStudies.chapterTraining(LEARNED, bn),
                                ChapterStudies.chapterTraining(FIXED, bn.withLearnedAffine(false)),
                                ChapterStudies.chapterTraining(
                                        PLAIN, NetworkConfig.of(Variant.PLAIN))))
                .optMeasures(List.of(LeNetStudyTrainer.PARAMS))
                .setDefaults(new StudyPlan(5, 4, null))
                .setQuick(ChapterStudies.QUICK)
                .setAnswer(FixedAffineStudy::answer)
                .build();
    }

    static String answer(StudyResults results) {
        ConfigSummary learned = results.summary(LEARNED);
        ConfigSummary fixed = results.summary(FIXED);
        ConfigSummary plain = results.summary(PLAIN);
        List<String> parts = new ArrayList<>();
        parts.add(
                Answers.bullets(
                        List.of(
                                Comparisons.compare(Measures.TEST_ACC, fixed, learned),
                                Comparisons.compare(Measures.TEST_ACC, fixed, plain),
                                Comparisons.compare(Measures.LOSS, fixed, learned))));
        parts.add(
                String.format(
                        Locale.ROOT,
                        "Fixing γ and β removes %d of the %d trainable parameters.",
                        Answers.params(results, LEARNED) - Answers.params(results, FIXED),
                        Answers.params(results, LEARNED)));
        parts.add(
                "Analysis: with γ = 1 and β = 0 every normalized unit enters the sigmoid with mean"
                        + " 0 and variance 1 over the batch, where the sigmoid is nearly linear"
                        + " (σ(±1) = 0.27 and 0.73); learned γ and β let each unit choose its own"
                        + " scale and offset, up to undoing the normalization (γ = σ, β = μ), the"
                        + " reason Ioffe and Szegedy give for them.");
        int sign = Comparisons.sign(Measures.TEST_ACC, fixed, learned);
        if (sign < 0) {
            parts.add(
                    "The measurements agree with that reason: fixing γ and β lowered the test"
                            + " accuracy, and the 95% intervals do not overlap.");
        } else if (sign > 0) {
            parts.add(
                    "This contradicts the common claim that γ and β are needed: with them fixed"
                            + " the test accuracy was higher (figures above).");
        } else {
            parts.add(
                    "The common claim that γ and β are needed for accuracy is not borne out at"
                            + " these settings: no difference in test accuracy was found between"
                            + " fixed and learned γ and β at this number of seeds (which is not"
                            + " proof that there is none).");
        }
        return String.join("\n\n", parts);
    }
}
