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
 * Exercise 1: the bias of a conv or fully connected layer in front of batch norm. Scratch BN LeNet
 * with and without those biases, and plain LeNet for scale; Adam at the chapter's learning rate.
 */
final class BiasStudy {

    static final String WITH = "bn-bias";
    static final String WITHOUT = "bn-nobias";
    static final String PLAIN = "plain";

    private BiasStudy() {}

    static Study create() {
        NetworkConfig bn = NetworkConfig.of(Variant.SCRATCH);
        return Study.builder()
                .setName("bias")
                .setDescription(
                        "exercise 1: BN LeNet with and without the bias in front of each batch norm"
                                + " (and plain LeNet)")
                .setQuestion(
                        "Should we remove the bias parameter from the fully connected layer or the"
                                + " convolutional layer before the batch normalization? Why?")
                .setConfigs(
                        List.of(
                                ChapterStudies.chapterTraining(WITH, bn),
                                ChapterStudies.chapterTraining(WITHOUT, bn.withBias(false)),
                                ChapterStudies.chapterTraining(
                                        PLAIN, NetworkConfig.of(Variant.PLAIN))))
                .optMeasures(List.of(LeNetStudyTrainer.PARAMS))
                .setDefaults(new StudyPlan(5, 4, null))
                .setQuick(ChapterStudies.QUICK)
                .setAnswer(BiasStudy::answer)
                .build();
    }

    static String answer(StudyResults results) {
        ConfigSummary with = results.summary(WITH);
        ConfigSummary without = results.summary(WITHOUT);
        List<String> parts = new ArrayList<>();
        parts.add("Measured: " + Comparisons.compare(Measures.TEST_ACC, without, with));
        parts.add(
                "For scale, against LeNet without batch norm: "
                        + Comparisons.compare(Measures.TEST_ACC, with, results.summary(PLAIN)));
        long withParams = Answers.params(results, WITH);
        long withoutParams = Answers.params(results, WITHOUT);
        parts.add(
                String.format(
                        Locale.ROOT,
                        "Removing the four biases in front of batch norm (conv1, conv2, fc1, fc2)"
                                + " leaves %d trainable parameters instead of %d: %d fewer.",
                        withoutParams,
                        withParams,
                        withParams - withoutParams));
        parts.add(
                "Why: batch norm subtracts the batch mean. A layer's output with bias b is x + b"
                        + " (one b per channel), whose batch mean is μ + b, so the bias cancels in x −"
                        + " μ: (x + b) − (μ + b) = x − μ; the variance does not change under a"
                        + " shift either. The"
                        + " normalized output, and so the loss, does not depend on b: its gradient"
                        + " is zero and β is the only shift that acts. In inference the moving"
                        + " mean has absorbed b as well. Folding batch norm into the layer (bnlab"
                        + " fold) shows it in one formula: the folded bias is β + γ·(b − μ̂)/√(σ̂²"
                        + " + ε) with μ̂ = μ̂ₓ + b, which is β − γ·μ̂ₓ/√(σ̂² + ε), free of b.");
        int sign = Comparisons.sign(Measures.TEST_ACC, without, with);
        if (sign == 0) {
            parts.add(
                    "So yes, remove it: the bias is redundant in front of batch norm, it costs"
                            + " parameters and computation, and no difference in test accuracy"
                            + " was found without it (at this number of seeds, which is not proof"
                            + " that there is none).");
        } else {
            parts.add(
                    "This contradicts the cancellation argument, which predicts no difference:"
                            + " the network "
                            + (sign > 0 ? "without" : "with")
                            + " the bias had the higher test accuracy (figures above).");
        }
        return String.join("\n\n", parts);
    }
}
