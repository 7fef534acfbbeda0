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
 * Exercise 3: batch norm at every one of LeNet's four sites, at the conv layers only, at the fully
 * connected layers only, at the first layer only, or nowhere; scratch BN, Adam at the chapter's
 * learning rate.
 */
final class PlacementStudy {

    static final String ALL = "all";

    private PlacementStudy() {}

    static Study create() {
        NetworkConfig bn = NetworkConfig.of(Variant.SCRATCH);
        return Study.builder()
                .setName("placement")
                .setDescription(
                        "exercise 3: BN at every layer, the convs only, the fully connected"
                                + " layers only, the first layer only, or none")
                .setQuestion("Do we need batch normalization in every layer? Experiment with it.")
                .setConfigs(
                        List.of(
                                ChapterStudies.chapterTraining(ALL, bn),
                                ChapterStudies.chapterTraining(
                                        "convs",
                                        NetworkConfig.parse("norm=scratch:scratch:none:none")),
                                ChapterStudies.chapterTraining(
                                        "fc",
                                        NetworkConfig.parse("norm=none:none:scratch:scratch")),
                                ChapterStudies.chapterTraining(
                                        "first",
                                        NetworkConfig.parse("norm=scratch:none:none:none")),
                                ChapterStudies.chapterTraining(
                                        "none", NetworkConfig.of(Variant.PLAIN))))
                .setDefaults(new StudyPlan(3, 5, null))
                .setQuick(ChapterStudies.QUICK)
                .setAnswer(PlacementStudy::answer)
                .build();
    }

    static String answer(StudyResults results) {
        ConfigSummary all = results.summary(ALL);
        List<String> parts = new ArrayList<>();
        parts.add(Comparisons.highest(Measures.TEST_ACC, results.summaries()));
        List<String> asGood = new ArrayList<>();
        for (ConfigSummary s : results.summaries()) {
            if (s != all
                    && s.interval(Measures.TEST_ACC).hasMean()
                    && Comparisons.sign(Measures.TEST_ACC, s, all) >= 0) {
                asGood.add(s.config());
            }
        }
        if (!all.interval(Measures.TEST_ACC).hasInterval()) {
            parts.add(
                    "BN at every layer has no interval (one seed, or a run diverged): no placement"
                            + " can be ranked against it.");
        } else if (asGood.isEmpty()) {
            parts.add(
                    "So yes, at these settings: batch norm at every layer gave a higher test"
                            + " accuracy than every other placement, and the 95% intervals do not"
                            + " overlap.");
        } else {
            parts.add(
                    "So no, not at these settings: the placement"
                            + (asGood.size() == 1 ? " " : "s ")
                            + String.join(", ", asGood)
                            + " reached a test accuracy not below that of batch norm at every"
                            + " layer (higher, or no difference found at "
                            + all.n()
                            + " seeds).");
        }
        parts.add(
                Answers.bullets(
                        Comparisons.againstReference(Measures.TEST_ACC, ALL, results.summaries())));
        return String.join("\n\n", parts);
    }
}
