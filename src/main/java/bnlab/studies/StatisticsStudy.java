package bnlab.studies;

import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.report.BandLine;
import bnlab.report.Charts;
import bnlab.report.IntervalCharts;
import bnlab.study.ChartMaker;
import bnlab.study.ConfigSummary;
import bnlab.study.Interval;
import bnlab.study.Measures;
import bnlab.study.Study;
import bnlab.study.StudyChart;
import bnlab.study.StudyConfig;
import bnlab.study.StudyPlan;
import bnlab.study.StudyResults;
import bnlab.train.TrainingConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/**
 * Which statistics inference uses: the chapter's LeNet trained with a small and with the default
 * batch size, then tested with its running statistics (inference mode), with population statistics
 * recomputed over the training split, and with each test batch's own statistics at test batch sizes
 * 2 to 256 (a model left in training mode).
 *
 * <p>The batch-8 network sees {@link #SMALL_BATCH_EXAMPLES} examples an epoch, the batch-256
 * network the whole split: the study compares statistics within each network, not the two networks'
 * training.
 *
 * <p>Every accuracy of a network is measured on the same trained weights, so the differences are
 * paired: {@code population_gain} and {@code batch_gain_b<B>} are per-seed differences to the
 * running statistics' test accuracy, and their 95% interval over seeds decides whether a difference
 * was found (it excludes 0) or not.
 */
final class StatisticsStudy {

    /** The batch sizes the networks are trained with: a small one, and the chapter's. */
    static final List<Integer> TRAINING_BATCH_SIZES = List.of(8, 256);

    /**
     * Training examples per epoch of the small-batch network (750 steps at batch 8; 3,750 over the
     * default 5 epochs): a step costs about the same at any batch size, so full epochs at batch 8
     * would take 32 times the chapter's steps. The trainer's test pass covers as many batches as an
     * epoch trains, so this network's accuracies, all of them, are taken on the first 6,000 test
     * images.
     */
    static final int SMALL_BATCH_EXAMPLES = 6_000;

    /** The test batch sizes of batch statistics. */
    static final List<Integer> TEST_BATCH_SIZES = List.of(2, 8, 32, 256);

    /** The file of {@link #chart}. */
    static final String CHART = "test_acc_by_statistics.png";

    private StatisticsStudy() {}

    static Study create() {
        List<StudyConfig> configs = new ArrayList<>();
        for (int batch : TRAINING_BATCH_SIZES) {
            Map<String, String> settings =
                    new LinkedHashMap<>(
                            ChapterStudies.chapterTraining(
                                            name(batch), NetworkConfig.of(Variant.SCRATCH))
                                    .settings());
            settings.put(LeNetStudyTrainer.BATCH, Integer.toString(batch));
            if (batch != TrainingConfig.DEFAULT_BATCH_SIZE) {
                settings.put(LeNetStudyTrainer.EXAMPLES, Integer.toString(SMALL_BATCH_EXAMPLES));
            }
            configs.add(new StudyConfig(name(batch), settings));
        }
        List<String> measures =
                new ArrayList<>(
                        List.of(
                                LeNetStudyTrainer.POPULATION_ACC,
                                LeNetStudyTrainer.POPULATION_GAIN,
                                LeNetStudyTrainer.MEAN_SHIFT,
                                LeNetStudyTrainer.VAR_LOG_RATIO));
        TEST_BATCH_SIZES.forEach(b -> measures.add(LeNetStudyTrainer.batchAccuracy(b)));
        TEST_BATCH_SIZES.forEach(b -> measures.add(LeNetStudyTrainer.batchGain(b)));
        return Study.builder()
                .setName("statistics")
                .setDescription(
                        "which statistics inference uses: running, population, or the test"
                                + " batch's own at batch sizes 2 to 256, for networks trained at"
                                + " batch sizes 8 (6,000 examples an epoch) and 256 (all 60,000)")
                .setQuestion(
                        "How much test accuracy does forgetting inference mode (normalizing each"
                                + " test batch with its own statistics) cost at test batch sizes"
                                + " 2, 8, 32 and 256, and do the running averages lag the trained"
                                + " weights, so that population statistics recomputed after"
                                + " training do better?")
                .setConfigs(configs)
                .optMeasures(measures)
                .setDefaults(new StudyPlan(5, 5, null))
                .setQuick(ChapterStudies.QUICK)
                .setAnswer(StatisticsStudy::answer)
                .optCharts(List.of(chart()))
                .build();
    }

    /** E.g. {@code trained-b8}. */
    static String name(int trainingBatchSize) {
        return "trained-b" + trainingBatchSize;
    }

    static String answer(StudyResults results) {
        List<String> lines = new ArrayList<>();
        for (int batch : TRAINING_BATCH_SIZES) {
            ConfigSummary s = results.summary(name(batch));
            List<String> costs = new ArrayList<>();
            for (int b : TEST_BATCH_SIZES) {
                costs.add(
                        String.format(
                                Locale.ROOT,
                                "%d: %s, %s",
                                b,
                                s.interval(LeNetStudyTrainer.batchAccuracy(b)).describe(4),
                                paired(s.interval(LeNetStudyTrainer.batchGain(b)))));
            }
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "Trained at batch size %d (n = %d): running statistics %s. Population"
                                    + " statistics %s, %s; the moving means were %s population"
                                    + " standard deviations off, the variances |ln ratio| %s."
                                    + " Batch statistics at test batch size %s.",
                            batch,
                            s.n(),
                            s.interval(Measures.TEST_ACC).describe(4),
                            s.interval(LeNetStudyTrainer.POPULATION_ACC).describe(4),
                            paired(s.interval(LeNetStudyTrainer.POPULATION_GAIN)),
                            s.interval(LeNetStudyTrainer.MEAN_SHIFT).describe(3),
                            s.interval(LeNetStudyTrainer.VAR_LOG_RATIO).describe(3),
                            String.join("; ", costs)));
        }
        return "Test accuracy, mean [95% interval] over seeds; each difference is paired (the same"
                + " trained network measured both ways), to the running statistics' accuracy.\n\n"
                + Answers.bullets(lines);
    }

    /**
     * A paired difference to the running statistics' accuracy: its interval and whether it excludes
     * 0.
     */
    static String paired(Interval difference) {
        if (!difference.hasMean()) {
            return "no difference measured (a run diverged)";
        }
        if (!difference.hasInterval()) {
            return String.format(
                    Locale.ROOT, "%+.4f against running (n = 1, no interval)", difference.mean());
        }
        String verdict =
                difference.low() > 0
                        ? "higher than running"
                        : difference.high() < 0
                                ? "lower than running"
                                : "no difference from running found";
        return String.format(
                Locale.ROOT,
                "%s by %+.4f [%+.4f, %+.4f]",
                verdict,
                difference.mean(),
                difference.low(),
                difference.high());
    }

    /**
     * Test accuracy against the test batch size with batch statistics, one band per training batch
     * size, beside flat bands of its running and population statistics.
     */
    static ChartMaker chart() {
        return results -> {
            List<BandLine> lines = new ArrayList<>();
            double low = TEST_BATCH_SIZES.get(0);
            double high = TEST_BATCH_SIZES.get(TEST_BATCH_SIZES.size() - 1);
            for (int batch : TRAINING_BATCH_SIZES) {
                ConfigSummary s = results.summary(name(batch));
                BandLine batchLine = new BandLine(name(batch) + ": batch statistics");
                for (int b : TEST_BATCH_SIZES) {
                    Interval iv = s.interval(LeNetStudyTrainer.batchAccuracy(b));
                    batchLine.add(b, iv.mean(), iv.low(), iv.high());
                }
                lines.add(batchLine);
                lines.add(
                        flat(name(batch) + ": running", s.interval(Measures.TEST_ACC), low, high));
                lines.add(
                        flat(
                                name(batch) + ": population",
                                s.interval(LeNetStudyTrainer.POPULATION_ACC),
                                low,
                                high));
            }
            String caption =
                    "test accuracy by the statistics batch norm uses in inference; mean and 95%"
                            + " band over seeds";
            JFreeChart chart =
                    IntervalCharts.bands(caption, "test batch size", Measures.TEST_ACC, lines);
            chart.getXYPlot().setDomainAxis(Charts.logAxis("test batch size", low, high, 2));
            return new StudyChart(CHART, caption, Charts.png(chart, Charts.WIDTH, Charts.HEIGHT));
        };
    }

    private static BandLine flat(String name, Interval iv, double low, double high) {
        return new BandLine(name)
                .add(low, iv.mean(), iv.low(), iv.high())
                .add(high, iv.mean(), iv.low(), iv.high());
    }
}
