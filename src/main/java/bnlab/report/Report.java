package bnlab.report;

import bnlab.data.DataConfig;
import bnlab.data.FashionMnist;
import bnlab.data.Split;
import bnlab.io.AtomicFiles;
import bnlab.run.DiagnosticsCsv;
import bnlab.train.ConfusionMatrix;
import bnlab.train.DiagnosticQuantity;
import bnlab.train.DiagnosticRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the report of one or more saved runs: {@code loss.png} and {@code accuracy.png} beside a
 * self-contained {@code report.html} (see {@link HtmlReport} for what it holds), and for runs that
 * recorded diagnostics one {@code diagnostics-<quantity>.png} per quantity ({@link
 * DiagnosticsCharts}).
 */
public final class Report {

    /** The report's default file name. */
    public static final String HTML_FILE = "report.html";

    /** The loss chart's file name, beside the report. */
    public static final String LOSS_CHART = "loss.png";

    /** The accuracy chart's file name, beside the report. */
    public static final String ACCURACY_CHART = "accuracy.png";

    /** How many test images the grid shows. */
    public static final int SAMPLE_IMAGES = 20;

    static {
        // Charts render without a display (set before AWT starts).
        System.setProperty("java.awt.headless", "true");
    }

    private Report() {}

    /**
     * Loads each run's last checkpoint, runs it on the test split, and writes the charts and the
     * report to {@code htmlFile} and its directory, each file atomically.
     *
     * @return the comparison table the report shows
     * @throws IllegalArgumentException if {@code runs} is empty
     */
    public static ComparisonTable write(List<RunSummary> runs, Path htmlFile) throws IOException {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no run to report on");
        }
        Path dir = htmlFile.toAbsolutePath().getParent();
        // every run's checkpoint is loaded (so checked) before any is run or anything written
        List<TrainedModel> models = new ArrayList<>();
        Map<Path, Split> testSplits = new HashMap<>();
        List<RunDetails> details = new ArrayList<>();
        try {
            for (RunSummary run : runs) {
                models.add(TrainedModel.load(run));
            }
            for (int i = 0; i < runs.size(); i++) {
                RunSummary run = runs.get(i);
                Split test = testSplits.computeIfAbsent(run.dataDir(), Report::testSplit);
                details.add(inspect(run, models.get(i), Charts.label(run, runs), test));
            }
        } finally {
            models.forEach(TrainedModel::close);
        }
        Split samples = testSplits.get(runs.get(0).dataDir());

        byte[] loss = Charts.png(Charts.loss(runs), Charts.WIDTH, Charts.HEIGHT);
        byte[] accuracy = Charts.png(Charts.accuracy(runs), Charts.WIDTH, Charts.HEIGHT);
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(LOSS_CHART), loss);
        AtomicFiles.write(dir.resolve(ACCURACY_CHART), accuracy);
        Map<DiagnosticQuantity, byte[]> diagnostics = diagnosticsCharts(runs);
        for (Map.Entry<DiagnosticQuantity, byte[]> chart : diagnostics.entrySet()) {
            AtomicFiles.write(
                    dir.resolve(DiagnosticsCharts.fileName(chart.getKey())), chart.getValue());
        }
        String html =
                new HtmlReport(details, samples, SAMPLE_IMAGES, loss, accuracy, diagnostics)
                        .render();
        AtomicFiles.write(htmlFile, html.getBytes(StandardCharsets.UTF_8));
        return new ComparisonTable(details.stream().map(RunDetails::comparisonRow).toList());
    }

    /**
     * The row of panels of each quantity, over the runs that recorded diagnostics; none if no run
     * did.
     */
    private static Map<DiagnosticQuantity, byte[]> diagnosticsCharts(List<RunSummary> runs)
            throws IOException {
        List<String> labels = new ArrayList<>();
        List<List<DiagnosticRow>> rows = new ArrayList<>();
        for (RunSummary run : runs) {
            List<DiagnosticRow> recorded = DiagnosticsCsv.read(run.dir());
            if (!recorded.isEmpty()) {
                labels.add(Charts.label(run, runs));
                rows.add(recorded);
            }
        }
        Map<DiagnosticQuantity, byte[]> charts = new LinkedHashMap<>();
        if (!rows.isEmpty()) {
            for (DiagnosticQuantity q : DiagnosticQuantity.values()) {
                charts.put(q, DiagnosticsCharts.png(q, labels, rows));
            }
        }
        return charts;
    }

    private static RunDetails inspect(
            RunSummary run, TrainedModel model, String label, Split test) {
        int[] predicted = model.predict(test);
        int[] truths = new int[test.count()];
        for (int i = 0; i < truths.length; i++) {
            truths[i] = test.label(i);
        }
        ConfusionMatrix confusion =
                ConfusionMatrix.compute(FashionMnist.CLASS_NAMES, truths, predicted);
        int[] samples = Arrays.copyOf(predicted, Math.min(SAMPLE_IMAGES, predicted.length));
        return new RunDetails(
                run, label, model.parameterCount(), model.batchNormLayers(), confusion, samples);
    }

    /** The test split from the run's data directory, or found by the usual search if it is gone. */
    private static Split testSplit(Path dataDir) {
        Path dir = dataDir != null && Files.isDirectory(dataDir) ? dataDir : null;
        return FashionMnist.locate(DataConfig.defaults(dir)).test();
    }
}
