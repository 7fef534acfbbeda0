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

/**
 * Exercise 6: dropout (p = {@value #P}, after the activations of fc1 and fc2) against batch norm,
 * both together in either order, and neither; Adam at the chapter's learning rate. Records the
 * train–test gap: accuracy on the training split in inference mode minus test accuracy.
 */
final class DropoutStudy {

    /** The dropout probability, d2l's dropout chapter's larger one. */
    static final float P = 0.5f;

    static final String NONE = "none";
    static final String DROPOUT = "dropout";
    static final String BN = "bn";
    static final String BN_DROPOUT = "bn-dropout";
    static final String DROPOUT_BN = "dropout-bn";

    private DropoutStudy() {}

    static Study create() {
        NetworkConfig plain = NetworkConfig.of(Variant.PLAIN);
        NetworkConfig bn = NetworkConfig.of(Variant.SCRATCH);
        return Study.builder()
                .setName("dropout")
                .setDescription(
                        "exercise 6: dropout, batch norm, both in either order, or neither; the"
                                + " train-test gap")
                .setQuestion(
                        "Can you replace dropout by batch normalization? How does the behavior"
                                + " change?")
                .setConfigs(
                        List.of(
                                ChapterStudies.chapterTraining(NONE, plain),
                                ChapterStudies.chapterTraining(DROPOUT, plain.withDropout(P)),
                                ChapterStudies.chapterTraining(BN, bn),
                                // BN before the activation, dropout after it: BN, σ, dropout
                                ChapterStudies.chapterTraining(BN_DROPOUT, bn.withDropout(P)),
                                // BN after the activation: σ, dropout, BN (at every site)
                                ChapterStudies.chapterTraining(
                                        DROPOUT_BN,
                                        bn.withDropout(P)
                                                .withPosition(NetworkConfig.Position.AFTER))))
                .optMeasures(List.of(LeNetStudyTrainer.TRAIN_ACC_EVAL, LeNetStudyTrainer.GAP))
                .setDefaults(new StudyPlan(3, 5, null))
                .setQuick(ChapterStudies.QUICK)
                .setAnswer(DropoutStudy::answer)
                .build();
    }

    static String answer(StudyResults results) {
        ConfigSummary none = results.summary(NONE);
        ConfigSummary dropout = results.summary(DROPOUT);
        ConfigSummary bn = results.summary(BN);
        String acc = Measures.TEST_ACC;
        String gap = LeNetStudyTrainer.GAP;
        List<String> parts = new ArrayList<>();
        parts.add(Comparisons.highest(acc, results.summaries()));
        int replace = Comparisons.sign(acc, bn, dropout);
        parts.add(
                (replace < 0
                                ? "Not at these settings: batch norm alone has the lower test"
                                        + " accuracy than dropout alone. "
                                : replace > 0
                                        ? "Yes at these settings: batch norm alone has the higher"
                                                + " test accuracy than dropout alone. "
                                        : "For test accuracy, no difference was found between"
                                                + " batch norm alone and dropout alone. ")
                        + Comparisons.compare(acc, bn, dropout));
        parts.add(
                "The gap is accuracy on the training split (inference mode) minus test accuracy:"
                        + " what a regularizer should shrink.\n"
                        + Answers.bullets(
                                List.of(
                                        Comparisons.compare(gap, dropout, none),
                                        Comparisons.compare(gap, bn, none),
                                        Comparisons.compare(gap, bn, dropout))));
        List<String> together = new ArrayList<>();
        for (String both : List.of(BN_DROPOUT, DROPOUT_BN)) {
            ConfigSummary s = results.summary(both);
            together.add(
                    both
                            + " is "
                            + Answers.relation(acc, s, bn)
                            + " batch norm alone in test accuracy: "
                            + Comparisons.compare(acc, s, bn));
        }
        parts.add(
                "Together (bn-dropout: BN, sigmoid, dropout; dropout-bn: sigmoid, dropout, BN, with"
                        + " BN after the activation at every site). Combining them is often said to"
                        + " hurt (dropout shifts the variance that BN's moving statistics then"
                        + " miss in inference):\n"
                        + Answers.bullets(together));
        parts.add(
                "These networks trained for "
                        + results.plan().epochs()
                        + (results.plan().epochs() == 1 ? " epoch" : " epochs")
                        + "; overfitting, which dropout counters, grows with longer"
                        + " training than this study measures.");
        return String.join("\n\n", parts);
    }
}
