package bnlab.studies;

import bnlab.report.BandLine;
import bnlab.report.Charts;
import bnlab.report.IntervalCharts;
import bnlab.study.ChartMaker;
import bnlab.study.Interval;
import bnlab.study.Measures;
import bnlab.study.StudyChart;
import bnlab.study.StudyConfig;
import bnlab.study.StudyResults;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jfree.chart.JFreeChart;

/** Charts of studies over a grid of one setting: the learning rate, the batch size. */
public final class SweepCharts {

    /** The file of {@link #testAccuracyByLr}. */
    public static final String TEST_ACC_BY_LR = "test_acc_by_lr.png";

    /** The file of {@link #testAccuracyByBatchSize}. */
    public static final String TEST_ACC_BY_BATCH_SIZE = "test_acc_by_batch_size.png";

    private SweepCharts() {}

    /**
     * Final test accuracy against the learning rate (setting {@link LeNetStudyTrainer#LR}), on a
     * log axis.
     *
     * @param seriesOf the line a configuration belongs to (its settings but the learning rate)
     */
    public static ChartMaker testAccuracyByLr(Function<StudyConfig, String> seriesOf) {
        return testAccuracyAgainst(
                LeNetStudyTrainer.LR, "learning rate", 10, TEST_ACC_BY_LR, seriesOf);
    }

    /**
     * Final test accuracy against the batch size (setting {@link LeNetStudyTrainer#BATCH}), on a
     * log₂ axis.
     *
     * @param seriesOf the line a configuration belongs to (its settings but the batch size)
     */
    public static ChartMaker testAccuracyByBatchSize(Function<StudyConfig, String> seriesOf) {
        return testAccuracyAgainst(
                LeNetStudyTrainer.BATCH, "batch size", 2, TEST_ACC_BY_BATCH_SIZE, seriesOf);
    }

    /** {@link #chart} rendered into {@code file}. */
    private static ChartMaker testAccuracyAgainst(
            String setting,
            String what,
            double base,
            String file,
            Function<StudyConfig, String> seriesOf) {
        return results ->
                new StudyChart(
                        file,
                        caption(what),
                        Charts.png(
                                chart(results, setting, what, base, seriesOf),
                                Charts.WIDTH,
                                Charts.HEIGHT));
    }

    private static String caption(String what) {
        return "final test accuracy against the " + what + ", mean and 95% band over seeds";
    }

    /**
     * Final test accuracy against a numeric setting on a log axis, one line per series of
     * configurations with its 95% band over seeds; a value where some run diverged has no mean and
     * is left out of its line, which is then marked diverged. Package-private for its test.
     */
    static JFreeChart chart(
            StudyResults results,
            String setting,
            String what,
            double base,
            Function<StudyConfig, String> seriesOf) {
        Map<String, TreeMap<Double, Interval>> lines = new LinkedHashMap<>();
        for (StudyConfig c : results.study().configs()) {
            double x = Double.parseDouble(c.settings().get(setting));
            lines.computeIfAbsent(seriesOf.apply(c), k -> new TreeMap<>())
                    .put(x, results.summary(c.name()).interval(Measures.TEST_ACC));
        }
        List<BandLine> bandLines = new ArrayList<>();
        double low = Double.POSITIVE_INFINITY;
        double high = 0;
        for (Map.Entry<String, TreeMap<Double, Interval>> line : lines.entrySet()) {
            BandLine band = new BandLine(line.getKey());
            line.getValue().forEach((x, iv) -> band.add(x, iv.mean(), iv.low(), iv.high()));
            bandLines.add(band);
            low = Math.min(low, line.getValue().firstKey());
            high = Math.max(high, line.getValue().lastKey());
        }
        JFreeChart chart = IntervalCharts.bands(caption(what), what, Measures.TEST_ACC, bandLines);
        chart.getXYPlot().setDomainAxis(Charts.logAxis(what, low, high, base));
        return chart;
    }
}
