package bnlab.studies;

import bnlab.model.NetworkConfig;
import bnlab.model.Normalizer;
import bnlab.model.Variant;
import bnlab.study.ConfigSummary;
import bnlab.study.Measures;
import bnlab.study.Study;
import bnlab.study.StudyConfig;
import bnlab.study.StudyPlan;
import bnlab.study.StudyResults;
import bnlab.train.OptimizerKind;
import bnlab.train.TrainingConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where batch norm bites: test accuracy against the batch size for batch norm, batch
 * renormalization, group norm (2 groups), layer norm and no normalization, at every site of the
 * chapter's LeNet: the GroupNorm paper's Figure 1 (Wu and He, 2018) on the chapter's network.
 *
 * <p>Fair comparison: at every batch size each network sees the same {@link #EXAMPLES} training
 * examples (⌈EXAMPLES / B⌉ steps), so small batches take more, noisier steps; Adam's learning rate
 * is held at the chapter's 0.001, because Adam divides each update by the running scale of the
 * gradient, so the step size does not grow or shrink with the gradient noise of the batch size the
 * way SGD's does (the linear scaling rule is for SGD). The comparison that matters is between
 * normalizers at the same batch size, which see identical data and steps.
 */
final class BatchSizeStudy {

    /** The batch sizes, 2 to the chapter's 256. */
    static final List<Integer> BATCH_SIZES = List.of(2, 4, 8, 16, 32, 64, 128, 256);

    /**
     * Training examples each network sees: 40 chapter batches, a sixth of an epoch (and at least
     * the 10,000 test images, which the same number of batches covers in evaluation).
     */
    static final int EXAMPLES = 10_240;

    /** Name in tables and the normalizer at every site, in the order of the charts. */
    static final Map<String, Normalizer> NORMALIZERS = normalizers();

    private BatchSizeStudy() {}

    private static Map<String, Normalizer> normalizers() {
        Map<String, Normalizer> n = new LinkedHashMap<>();
        n.put("bn", Normalizer.SCRATCH);
        n.put("renorm", Normalizer.BATCH_RENORM);
        n.put("group", Normalizer.group(2));
        n.put("layer", Normalizer.LAYER);
        n.put("none", Normalizer.NONE);
        return Collections.unmodifiableMap(n);
    }

    static Study create() {
        List<StudyConfig> configs = new ArrayList<>();
        for (int batch : BATCH_SIZES) {
            NORMALIZERS.forEach(
                    (name, normalizer) -> {
                        NetworkConfig network =
                                NetworkConfig.of(Variant.SCRATCH)
                                        .withNorms(
                                                Collections.nCopies(
                                                        NetworkConfig.SITES.size(), normalizer));
                        Map<String, String> settings =
                                new LinkedHashMap<>(
                                        LeNetStudyTrainer.config(
                                                        name,
                                                        network,
                                                        OptimizerKind.ADAM,
                                                        TrainingConfig.DEFAULT_LEARNING_RATE)
                                                .settings());
                        settings.put(LeNetStudyTrainer.BATCH, Integer.toString(batch));
                        settings.put(LeNetStudyTrainer.EXAMPLES, Integer.toString(EXAMPLES));
                        configs.add(new StudyConfig(name(name, batch), settings));
                    });
        }
        return Study.builder()
                .setName("batch-size")
                .setDescription(
                        "where batch norm bites: batch norm, batch renorm, group, layer and no"
                                + " normalization at batch sizes 2 to 256, the same examples seen")
                .setQuestion(
                        "How does test accuracy depend on the batch size for batch normalization"
                                + " and for the normalizers that replace it (batch"
                                + " renormalization, group normalization, layer normalization),"
                                + " and below which batch size does batch norm fall behind?")
                .setConfigs(configs)
                .setDefaults(new StudyPlan(3, 1, null))
                .setQuick(ChapterStudies.QUICK)
                .setAnswer(BatchSizeStudy::answer)
                .optCharts(
                        List.of(
                                SweepCharts.testAccuracyByBatchSize(
                                        c -> c.name().substring(0, c.name().lastIndexOf("-b")))))
                .build();
    }

    /** E.g. {@code bn-b2}. */
    static String name(String normalizer, int batch) {
        return normalizer + "-b" + batch;
    }

    static String answer(StudyResults results) {
        List<String> lines = new ArrayList<>();
        List<Integer> behind = new ArrayList<>();
        for (int batch : BATCH_SIZES) {
            ConfigSummary bn = results.summary(name("bn", batch));
            List<String> parts = new ArrayList<>();
            boolean anyAbove = false;
            for (String other : NORMALIZERS.keySet()) {
                if (other.equals("bn")) {
                    continue;
                }
                ConfigSummary s = results.summary(name(other, batch));
                String relation = Answers.relation(Measures.TEST_ACC, s, bn);
                anyAbove |= relation.equals("above") && !other.equals("none");
                parts.add(
                        String.format(
                                Locale.ROOT,
                                "%s %s (%s)",
                                other,
                                relation,
                                s.interval(Measures.TEST_ACC).describe(4)));
            }
            if (anyAbove) {
                behind.add(batch);
            }
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "batch %d: bn %s; %s",
                            batch,
                            bn.interval(Measures.TEST_ACC).describe(4),
                            String.join(", ", parts)));
        }
        String verdict =
                behind.isEmpty()
                        ? "At no batch size was a replacement's test accuracy above batch norm's"
                                + " by the overlap rule: no batch size was found below which batch"
                                + " norm falls behind, at these settings and this number of seeds."
                        : "Batch norm fell behind a replacement (its interval below that"
                                + " replacement's) at batch size"
                                + (behind.size() == 1 ? " " : "s ")
                                + behind.stream().map(String::valueOf).toList()
                                + ".";
        return "Each line: batch norm's test accuracy, then each other normalizer above, below or"
                + " not told apart from it (mean [95% interval]).\n\n"
                + Answers.bullets(lines)
                + "\n\n"
                + verdict;
    }
}
