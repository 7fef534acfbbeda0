package bnlab.report;

import bnlab.train.DiagnosticQuantity;
import bnlab.train.DiagnosticRow;
import java.awt.BasicStroke;
import java.awt.Font;
import java.io.IOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The small multiples of {@code train --diagnostics}: one row of panels per quantity, one panel per
 * run side by side, one line per layer against the training step. The panels of a row share their
 * value axis, so that runs compare at a glance; gradient norms and update ratios, which span
 * decades, are drawn on a log axis (a value of 0 cannot be drawn there and is left out, its line
 * marked {@value Charts#DIVERGED} as for values no chart can draw).
 */
public final class DiagnosticsCharts {

    /** The width of a row of panels, in pixels, however many runs it shows: the report's width. */
    public static final int ROW_WIDTH = 1080;

    /** The height of a panel, in pixels. */
    public static final int PANEL_HEIGHT = 280;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private DiagnosticsCharts() {}

    /**
     * The file name of {@code quantity}'s row of panels beside a report, e.g.
     * diagnostics-grad-norm.png.
     */
    public static String fileName(DiagnosticQuantity quantity) {
        return "diagnostics-" + quantity.csvName().replace('_', '-') + ".png";
    }

    /** Whether {@code quantity} is drawn on a log axis. */
    public static boolean logScale(DiagnosticQuantity quantity) {
        return !quantity.perSite();
    }

    /**
     * The row of panels of {@code quantity} as one PNG: for each run (its label and rows) one
     * panel.
     *
     * @param labels the runs' labels, in order
     * @param rows each run's recorded rows, in the same order
     */
    public static byte[] png(
            DiagnosticQuantity quantity, List<String> labels, List<List<DiagnosticRow>> rows)
            throws IOException {
        if (labels.size() != rows.size() || labels.isEmpty()) {
            throw new IllegalArgumentException(
                    "need one label per run and at least one run, got "
                            + labels.size()
                            + " labels and "
                            + rows.size()
                            + " runs");
        }
        List<XYSeriesCollection> data = new ArrayList<>();
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (List<DiagnosticRow> run : rows) {
            XYSeriesCollection lines = lines(quantity, run);
            data.add(lines);
            for (int s = 0; s < lines.getSeriesCount(); s++) {
                if (lines.getSeries(s).getItemCount() > 0) {
                    low = Math.min(low, lines.getSeries(s).getMinY());
                    high = Math.max(high, lines.getSeries(s).getMaxY());
                }
            }
        }
        JFreeChart[] panels = new JFreeChart[rows.size()];
        for (int i = 0; i < panels.length; i++) {
            panels[i] = panel(labels.get(i) + ": " + quantity.title(), quantity, data.get(i));
            if (low <= high) {
                shareRange(panels[i], quantity, low, high);
            }
        }
        return Charts.sideBySide(panels, ROW_WIDTH / panels.length, PANEL_HEIGHT);
    }

    /** One line per layer, in the order the layers first appear. */
    private static XYSeriesCollection lines(DiagnosticQuantity quantity, List<DiagnosticRow> rows) {
        Map<String, List<DiagnosticRow>> byLayer = new LinkedHashMap<>();
        for (DiagnosticRow r : rows) {
            if (r.quantity() == quantity) {
                byLayer.computeIfAbsent(r.layer(), k -> new ArrayList<>()).add(r);
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        boolean log = logScale(quantity);
        for (Map.Entry<String, List<DiagnosticRow>> layer : byLayer.entrySet()) {
            List<DiagnosticRow> points = layer.getValue();
            double[] xs = new double[points.size()];
            double[] ys = new double[points.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = points.get(i).step();
                double v = points.get(i).value();
                ys[i] = log && v <= 0 ? Double.NaN : v;
            }
            data.addSeries(Charts.series(layer.getKey(), xs, ys));
        }
        return data;
    }

    private static JFreeChart panel(
            String title, DiagnosticQuantity quantity, XYSeriesCollection data) {
        JFreeChart chart =
                Charts.lineChart(title, "training step", quantity.csvName(), data, false);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        // steps are whole numbers
        chart.getXYPlot().getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, Charts.color(i));
            renderer.setSeriesStroke(i, new BasicStroke(1.5f));
        }
        if (logScale(quantity)) {
            LogAxis axis = new LogAxis(quantity.csvName() + " (log scale)");
            axis.setSmallestValue(Double.MIN_NORMAL);
            // one tick per decade, labelled 1E-3 (not 10^-3.0)
            axis.setTickUnit(new NumberTickUnit(1));
            axis.setNumberFormatOverride(
                    new DecimalFormat("0.#E0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
            chart.getXYPlot().setRangeAxis(axis);
        }
        return chart;
    }

    /** The same value range on every panel of a row: a little room around low..high. */
    private static void shareRange(
            JFreeChart chart, DiagnosticQuantity quantity, double low, double high) {
        if (logScale(quantity)) {
            ((LogAxis) chart.getXYPlot().getRangeAxis()).setRange(low / 1.5, high * 1.5);
            return;
        }
        double margin = Math.max((high - low) * 0.05, 1e-6);
        ((NumberAxis) chart.getXYPlot().getRangeAxis()).setRange(low - margin, high + margin);
    }
}
