package bnlab.study;

import bnlab.io.AtomicFiles;
import bnlab.report.BandLine;
import bnlab.report.Charts;
import bnlab.report.IntervalCharts;
import bnlab.train.EpochMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;

/**
 * Writes what a study found into its directory, each file atomically: {@code summary.csv}, the
 * charts ({@code test_acc.png} and one per extra measure with 95% error bars, {@code
 * test_acc_by_epoch.png} and {@code loss_by_epoch.png} with 95% bands across seeds), {@code
 * answer.md} and {@code report.html}.
 */
public final class StudyOutputs {

    /** The summary file's name. */
    public static final String SUMMARY_CSV = "summary.csv";

    /** The answer's file name. */
    public static final String ANSWER_MD = "answer.md";

    /** The report's file name. */
    public static final String REPORT_HTML = "report.html";

    private StudyOutputs() {}

    /**
     * Writes every output of {@code results} into {@code dir}.
     *
     * @return the answer text
     */
    public static String write(Path dir, StudyResults results) throws IOException {
        write(dir.resolve(SUMMARY_CSV), summaryCsv(results));
        List<StudyChart> charts = charts(results);
        for (StudyChart c : charts) {
            AtomicFiles.write(dir.resolve(c.file()), c.png());
        }
        String answer = results.study().answer(results);
        write(dir.resolve(ANSWER_MD), answerMarkdown(results, answer));
        write(dir.resolve(REPORT_HTML), new StudyReport(results, answer, charts).render());
        return answer;
    }

    /** The columns of summary.csv: config, n, then mean, std, ci_low, ci_high per measure. */
    public static List<String> summaryColumns(Study study) {
        List<String> columns = new ArrayList<>(List.of("config", "n"));
        for (String m : study.summaryMeasures()) {
            for (String part : List.of("mean", "std", "ci_low", "ci_high")) {
                columns.add(m + "_" + part);
            }
        }
        return columns;
    }

    static String summaryCsv(StudyResults results) {
        StringBuilder csv =
                new StringBuilder(String.join(",", summaryColumns(results.study()))).append('\n');
        for (ConfigSummary s : results.summaries()) {
            List<String> cells = new ArrayList<>(List.of(s.config(), Integer.toString(s.n())));
            for (String m : results.study().summaryMeasures()) {
                Interval i = s.interval(m);
                cells.add(Csv.number(i.mean()));
                cells.add(Csv.number(i.std()));
                cells.add(Csv.number(i.low()));
                cells.add(Csv.number(i.high()));
            }
            csv.append(Csv.row(cells.toArray(String[]::new)));
        }
        return csv.toString();
    }

    static String answerMarkdown(StudyResults results, String answer) {
        Study study = results.study();
        StringBuilder md = new StringBuilder();
        md.append("# Study `").append(study.name()).append("`: ").append(study.description());
        md.append("\n\n## Question\n\n> ").append(study.question().replace("\n", "\n> "));
        md.append("\n\n## Measured\n\n").append(planLine(results)).append("\n\n");
        List<String> measures = study.summaryMeasures();
        md.append("| config | n | diverged | ")
                .append(String.join(" | ", measures))
                .append(" |\n|---|---|---|")
                .append("---|".repeat(measures.size()))
                .append('\n');
        for (ConfigSummary s : results.summaries()) {
            md.append("| ").append(s.config()).append(" | ").append(s.n());
            md.append(" | ").append(s.diverged());
            for (String m : measures) {
                md.append(" | ").append(s.interval(m).describe(Comparisons.DIGITS));
            }
            md.append(" |\n");
        }
        md.append("\nEach cell: mean [95% interval of the mean, Student's t with n − 1 degrees")
                .append(" of freedom].\n\n## Answer\n\n")
                .append(answer)
                .append('\n');
        return md.toString();
    }

    /** E.g. {@code 3 seeds per configuration, 5 epochs, all batches; batchSize=256}. */
    static String planLine(StudyResults results) {
        StudyPlan plan = results.plan();
        StringBuilder line =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "%d seeds per configuration, %d epochs, %s",
                                plan.seeds(),
                                plan.epochs(),
                                plan.limitBatches() == null
                                        ? "all batches"
                                        : plan.limitBatches() + " batches per epoch"));
        results.settings().forEach((k, v) -> line.append("; ").append(k).append('=').append(v));
        return line.append('.').toString();
    }

    static List<StudyChart> charts(StudyResults results) throws IOException {
        List<StudyChart> charts = new ArrayList<>();
        charts.add(finalChart(results, Measures.TEST_ACC, "final test accuracy"));
        for (String m : results.study().measures()) {
            charts.add(finalChart(results, m, m));
        }
        charts.add(
                epochChart(
                        results,
                        "test_acc_by_epoch.png",
                        "test accuracy",
                        EpochMetrics::testAccuracy));
        charts.add(epochChart(results, "loss_by_epoch.png", "training loss", EpochMetrics::loss));
        for (ChartMaker maker : results.study().charts()) {
            charts.add(maker.make(results));
        }
        return charts;
    }

    private static StudyChart finalChart(StudyResults results, String measure, String what)
            throws IOException {
        List<ConfigSummary> summaries = results.summaries();
        int n = summaries.size();
        double[] means = new double[n];
        double[] lows = new double[n];
        double[] highs = new double[n];
        for (int i = 0; i < n; i++) {
            Interval iv = summaries.get(i).interval(measure);
            means[i] = iv.mean();
            lows[i] = iv.low();
            highs[i] = iv.high();
        }
        String caption = what + " per configuration, mean and 95% interval over seeds";
        JFreeChart chart =
                IntervalCharts.errorBars(
                        caption,
                        measure,
                        summaries.stream().map(ConfigSummary::config).toList(),
                        means,
                        lows,
                        highs);
        return new StudyChart(measure + ".png", caption, png(chart));
    }

    private static StudyChart epochChart(
            StudyResults results, String file, String what, ToDoubleFunction<EpochMetrics> f)
            throws IOException {
        int epochs = results.plan().epochs();
        List<BandLine> lines = new ArrayList<>();
        for (ConfigSummary s : results.summaries()) {
            List<StudyRun> runs = results.runs(s.config());
            BandLine line = new BandLine(s.config());
            for (int e = 0; e < epochs; e++) {
                double[] values = new double[runs.size()];
                for (int r = 0; r < runs.size(); r++) {
                    List<EpochMetrics> done = runs.get(r).epochs();
                    // an epoch a diverged run never finished has no value
                    values[r] = e < done.size() ? f.applyAsDouble(done.get(e)) : Double.NaN;
                }
                Interval iv = Interval.of(values);
                line.add(e + 1, iv.mean(), iv.low(), iv.high());
            }
            lines.add(line);
        }
        String caption = what + " per epoch, mean and 95% band over seeds";
        JFreeChart chart = IntervalCharts.bands(caption, "epoch", what, lines);
        chart.getXYPlot().getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return new StudyChart(file, caption, png(chart));
    }

    private static byte[] png(JFreeChart chart) throws IOException {
        return Charts.png(chart, Charts.WIDTH, Charts.HEIGHT);
    }

    private static void write(Path file, String text) throws IOException {
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
