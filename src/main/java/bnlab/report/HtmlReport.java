package bnlab.report;

import bnlab.data.FashionMnist;
import bnlab.data.Split;
import bnlab.train.ConfusionMatrix;
import bnlab.train.DiagnosticQuantity;
import bnlab.train.DiagnosticsRecorder;
import bnlab.train.EpochMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Renders the report as one self-contained HTML page: CSS inline, images as {@code data:} URIs, no
 * reference to anything outside the file. It holds the settings, the comparison table, the loss and
 * accuracy charts, the diagnostics panels of runs that recorded them, the per-epoch metrics, for
 * each batch-norm layer its learned gamma and beta and its moving mean and variance, the confusion
 * matrix of each run on the test split, and a grid of test images with each run's prediction. All
 * text is escaped.
 */
final class HtmlReport {

    private static final int IMAGE_SCALE = 3;
    private static final String CSS =
            String.join(
                    "\n",
                    Html.BODY_CSS,
                    "h1,h2,h3{font-weight:600}",
                    Html.TABLE_CSS,
                    "td.diag{background:#d9f0d3;font-weight:600}",
                    "table.confusion td,table.confusion th{font-size:0.85em}",
                    ".layers{display:flex;flex-wrap:wrap;gap:1em}",
                    ".layer{border:1px solid #ddd;padding:0.5em}",
                    ".grid{display:grid;grid-template-columns:repeat(5,1fr);gap:10px}",
                    "figure{margin:0;padding:6px;border:2px solid #cfc;font-size:0.8em}",
                    "figure.wrong{border-color:#e88}",
                    "figure img{display:block;image-rendering:pixelated}",
                    ".miss{color:#c00;font-weight:600}",
                    "code{background:#f6f6f6}");

    private final List<RunDetails> runs;
    private final Split samples;
    private final int sampleCount;
    private final byte[] lossChart;
    private final byte[] accuracyChart;
    private final Map<DiagnosticQuantity, byte[]> diagnostics;
    private final StringBuilder html = new StringBuilder();

    HtmlReport(
            List<RunDetails> runs,
            Split samples,
            int sampleCount,
            byte[] lossChart,
            byte[] accuracyChart,
            Map<DiagnosticQuantity, byte[]> diagnostics) {
        this.runs = runs;
        this.samples = samples;
        this.sampleCount = Math.min(sampleCount, samples.count());
        this.lossChart = lossChart;
        this.accuracyChart = accuracyChart;
        this.diagnostics = diagnostics;
    }

    /** The whole page. */
    String render() throws IOException {
        html.append(Html.pageStart("bnlab report", CSS));
        settings();
        comparison();
        charts();
        diagnostics();
        epochs();
        batchNorm();
        confusion();
        imageGrid();
        html.append(Html.PAGE_END);
        return html.toString();
    }

    private void settings() {
        html.append(
                "<h2 id=\"settings\">Settings</h2>\n<table class=\"settings\">\n<tr><th>setting</th>");
        runs.forEach(r -> cell("th", r.label()));
        html.append("</tr>\n<tr><td>run directory</td>");
        runs.forEach(r -> cell("td", r.run().dir().toString()));
        html.append("</tr>\n");
        Set<String> keys = new LinkedHashSet<>();
        runs.forEach(r -> keys.addAll(r.run().settings().keySet()));
        for (String key : keys) {
            html.append("<tr>");
            cell("td", key);
            runs.forEach(r -> cell("td", r.run().settings().getOrDefault(key, "")));
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private void comparison() {
        html.append("<h2 id=\"comparison\">Comparison</h2>\n");
        html.append("<p>Last epoch of each run; time is the mean per epoch.</p>\n");
        html.append("<table class=\"comparison\">\n<tr>");
        ComparisonTable.HEADERS.forEach(h -> cell("th", h));
        html.append("</tr>\n");
        for (RunDetails r : runs) {
            html.append("<tr>");
            r.comparisonRow().cells().forEach(c -> cell("td", c));
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private void charts() {
        html.append("<h2 id=\"charts\">Charts</h2>\n");
        image(lossChart, "training loss per epoch", Charts.WIDTH, Charts.HEIGHT);
        html.append("<br>\n");
        image(accuracyChart, "train and test accuracy per epoch", Charts.WIDTH, Charts.HEIGHT);
        html.append("\n");
    }

    /** The rows of diagnostics panels, if any run recorded them. */
    private void diagnostics() {
        if (diagnostics.isEmpty()) {
            return;
        }
        html.append("<h2 id=\"diagnostics\">Inside the layers</h2>\n");
        html.append(
                format(
                        "<p>Recorded during training (<code>--diagnostics</code>), one line per"
                                + " layer against the training step, one panel per run; the"
                                + " panels of a row share their axis. Per normalization site:"
                                + " mean and standard deviation of the normalizer's input and"
                                + " output (a site without one shows its pre-activation twice),"
                                + " and the fraction of saturated activations (sigmoid below %s"
                                + " or above %s, ReLU at 0). Per weighted layer (fc3 is the"
                                + " output layer): the L2 norm of the weight's gradient and the"
                                + " update-to-weight ratio ‖ΔW‖/‖W‖ of the step, on log axes."
                                + " The numbers are in each run's diagnostics.csv.</p>\n",
                        DiagnosticsRecorder.SIGMOID_LOW, DiagnosticsRecorder.SIGMOID_HIGH));
        for (Map.Entry<DiagnosticQuantity, byte[]> row : diagnostics.entrySet()) {
            html.append("<h3>").append(Html.escape(row.getKey().title())).append("</h3>\n");
            image(
                    row.getValue(),
                    row.getKey().title() + " per layer",
                    DiagnosticsCharts.ROW_WIDTH,
                    DiagnosticsCharts.PANEL_HEIGHT);
            html.append("\n");
        }
    }

    private void epochs() {
        html.append("<h2 id=\"epochs\">Metrics per epoch</h2>\n");
        for (RunDetails r : runs) {
            html.append("<h3>").append(Html.escape(r.label())).append("</h3>\n");
            html.append("<table class=\"epochs\">\n<tr>");
            List.of("epoch", "loss", "train acc", "test acc", "seconds")
                    .forEach(h -> cell("th", h));
            html.append("</tr>\n");
            for (EpochMetrics m : r.run().epochs()) {
                html.append("<tr>");
                cell("td", Integer.toString(m.epoch()));
                cell("td", format("%.4f", m.loss()));
                cell("td", format("%.3f", m.trainAccuracy()));
                cell("td", format("%.3f", m.testAccuracy()));
                cell("td", format("%.1f", m.seconds()));
                html.append("</tr>\n");
            }
            html.append("</table>\n");
        }
    }

    private void batchNorm() throws IOException {
        html.append("<h2 id=\"batch-norm\">Batch-norm layers</h2>\n");
        html.append(
                "<p>Per channel: the learned scale gamma and shift beta, and the moving mean"
                        + " and variance that inference normalises with.</p>\n");
        for (RunDetails r : runs) {
            if (r.batchNormLayers().isEmpty()) {
                continue;
            }
            html.append("<h3>")
                    .append(Html.escape(r.label()))
                    .append("</h3>\n<div class=\"layers\">\n");
            for (BatchNormLayer layer : r.batchNormLayers()) {
                String name = "layer " + layer.index() + " " + layer.type();
                html.append("<div class=\"layer\">\n<h4>")
                        .append(Html.escape(name + " (" + layer.channels() + " channels)"))
                        .append("</h4>\n");
                if (layer.hasAffine()) {
                    perChannelChart(
                            name + ": gamma, beta",
                            name + " gamma and beta per channel",
                            "gamma",
                            layer.gamma(),
                            "beta",
                            layer.beta());
                } else {
                    html.append("<p>No gamma or beta (affine=false): y = (x − μ)/√(σ² + ε).</p>\n");
                }
                if (layer.hasMovingStatistics()) {
                    perChannelChart(
                            name + ": moving mean, variance",
                            name + " moving mean and variance per channel",
                            "mean",
                            layer.movingMean(),
                            "variance",
                            layer.movingVar());
                } else {
                    html.append(
                            "<p>No moving statistics: batch statistics in inference too.</p>\n");
                }
                html.append("\n<table class=\"bn-stats\">\n<tr>");
                List.of("", "min", "mean", "max").forEach(h -> cell("th", h));
                html.append("</tr>\n");
                if (layer.hasAffine()) {
                    statsRow("gamma", layer.gamma());
                    statsRow("beta", layer.beta());
                }
                if (layer.hasMovingStatistics()) {
                    statsRow("moving mean", layer.movingMean());
                    statsRow("moving variance", layer.movingVar());
                }
                html.append("</table>\n</div>\n");
            }
            html.append("</div>\n");
        }
    }

    /** A small chart of two per-channel arrays of one layer, with its alternative text. */
    private void perChannelChart(
            String title,
            String alt,
            String first,
            float[] firstValues,
            String second,
            float[] secondValues)
            throws IOException {
        byte[] png =
                Charts.png(
                        Charts.perChannel(title, first, firstValues, second, secondValues),
                        Charts.SMALL_WIDTH,
                        Charts.SMALL_HEIGHT);
        image(png, alt, Charts.SMALL_WIDTH, Charts.SMALL_HEIGHT);
    }

    private void statsRow(String name, float[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        html.append("<tr>");
        cell("td", name);
        cell("td", format("%.4f", min));
        cell("td", format("%.4f", sum / values.length));
        cell("td", format("%.4f", max));
        html.append("</tr>\n");
    }

    private void confusion() {
        html.append("<h2 id=\"confusion\">Confusion matrices on the test split</h2>\n");
        html.append(
                "<p>Rows: true class; columns: predicted class; last column: the class's"
                        + " accuracy.</p>\n");
        for (RunDetails r : runs) {
            ConfusionMatrix m = r.confusion();
            html.append("<h3>")
                    .append(
                            Html.escape(
                                    r.label()
                                            + format(
                                                    ": accuracy %.4f on %d images",
                                                    m.accuracy(), m.total())))
                    .append("</h3>\n");
            html.append("<table class=\"confusion\">\n<tr><th>true \\ predicted</th>");
            m.classNames().forEach(n -> cell("th", n));
            html.append("<th>acc</th></tr>\n");
            for (int t = 0; t < m.size(); t++) {
                html.append("<tr>");
                cell("th", m.classNames().get(t));
                for (int p = 0; p < m.size(); p++) {
                    html.append(t == p ? "<td class=\"diag\">" : "<td>")
                            .append(m.count(t, p))
                            .append("</td>");
                }
                cell("td", format("%.3f", m.classAccuracy(t)));
                html.append("</tr>\n");
            }
            html.append("</table>\n");
        }
    }

    private void imageGrid() throws IOException {
        html.append("<h2 id=\"samples\">The first ")
                .append(sampleCount)
                .append(
                        " test images</h2>\n<p>True class, then each run's prediction;"
                                + " wrong ones in red and marked ✗.</p>\n<div class=\"grid\">\n");
        List<int[]> predictions = new ArrayList<>();
        runs.forEach(r -> predictions.add(r.samplePredictions()));
        for (int i = 0; i < sampleCount; i++) {
            int index = i;
            int truth = samples.label(i);
            boolean anyWrong = predictions.stream().anyMatch(p -> p[index] != truth);
            html.append(anyWrong ? "<figure class=\"sample wrong\">" : "<figure class=\"sample\">");
            int size = FashionMnist.IMAGE_SIZE * IMAGE_SCALE;
            image(ImageTiles.png(samples, i, IMAGE_SCALE), "test image " + i, size, size);
            html.append("<figcaption>true: <b>")
                    .append(Html.escape(className(truth)))
                    .append("</b>");
            for (int k = 0; k < runs.size(); k++) {
                int predicted = predictions.get(k)[i];
                boolean wrong = predicted != truth;
                html.append("<br>")
                        .append(Html.escape(runs.get(k).label()))
                        .append(": ")
                        .append(wrong ? "<span class=\"miss\">" : "<span>")
                        .append(Html.escape(className(predicted)))
                        .append(wrong ? " ✗" : "")
                        .append("</span>");
            }
            html.append("</figcaption></figure>\n");
        }
        html.append("</div>\n");
    }

    private static String className(int label) {
        return FashionMnist.CLASS_NAMES.get(label);
    }

    private void image(byte[] png, String alt, int width, int height) {
        html.append(Html.image(png, alt, width, height));
    }

    private void cell(String tag, String text) {
        html.append('<')
                .append(tag)
                .append('>')
                .append(Html.escape(text))
                .append("</")
                .append(tag)
                .append('>');
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
