package bnlab.experiment;

import bnlab.report.Charts;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The experiments' charts (JFreeChart, headless), rendered to PNG. */
public final class ExperimentCharts {

    /** Width of one panel, in pixels. */
    public static final int PANEL_WIDTH = 420;

    /** Height of every chart, in pixels. */
    public static final int HEIGHT = 380;

    /** Width of the learning-rate chart. */
    public static final int SWEEP_WIDTH = 700;

    static {
        // rendering needs no display (set before AWT starts)
        System.setProperty("java.awt.headless", "true");
    }

    private static final Color[] COLORS = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c)
    };

    private ExperimentCharts() {}

    /**
     * The paper's Figure 1 as three panels side by side: (a) test accuracy against steps of both
     * networks; (b) and (c) the 15th, 50th and 85th percentiles of the probed sigmoid's input
     * without and with batch norm. A PNG of 3 × {@link #PANEL_WIDTH} by {@link #HEIGHT}.
     */
    public static byte[] figure1(List<Figure1Point> points, int unit) throws IOException {
        XYSeriesCollection accuracy = new XYSeriesCollection();
        accuracy.addSeries(series("without BN", points, Figure1Point.WITHOUT_BN, 0));
        accuracy.addSeries(series("with BN", points, Figure1Point.WITH_BN, 0));
        JFreeChart[] panels = {
            chart("(a) test accuracy", "training steps", "accuracy", accuracy),
            percentiles("(b) without BN", points, Figure1Point.WITHOUT_BN, unit),
            percentiles("(c) with BN", points, Figure1Point.WITH_BN, unit)
        };
        return Charts.sideBySide(panels, PANEL_WIDTH, HEIGHT);
    }

    /**
     * Final test accuracy against the learning rate (log axis), one line per variant.
     *
     * @param names the variants' names, in the order of {@code accuracies}
     * @param learningRates the x values
     * @param accuracies per variant, one accuracy per learning rate (NaN where training diverged,
     *     left out of the line, which is then marked diverged)
     */
    public static JFreeChart lrSweep(
            List<String> names, List<Float> learningRates, List<double[]> accuracies) {
        double[] rates = learningRates.stream().mapToDouble(Float::doubleValue).toArray();
        XYSeriesCollection data = new XYSeriesCollection();
        for (int v = 0; v < names.size(); v++) {
            data.addSeries(Charts.series(names.get(v), rates, accuracies.get(v)));
        }
        JFreeChart chart =
                chart(
                        "Test accuracy after training with SGD",
                        "learning rate (log)",
                        "test accuracy",
                        data);
        LogAxis x = new LogAxis("learning rate (log scale)");
        // one tick per decade, labelled 0.01, 0.1, 1 rather than 10^-2.0 ...
        x.setTickUnit(new NumberTickUnit(1));
        x.setNumberFormatOverride(
                new DecimalFormat("0.####", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        // Half a decade beyond the rates swept, whatever was drawn: the axis's own range comes
        // from the points (set as soon as the plot holds it), and one rate (or none left) gives it
        // no length, which JFreeChart
        // refuses.
        double low = Arrays.stream(rates).min().orElse(1);
        double high = Arrays.stream(rates).max().orElse(1);
        x.setRange(low / Math.sqrt(10), high * Math.sqrt(10));
        chart.getXYPlot().setDomainAxis(x);
        // few points: show each
        ((XYLineAndShapeRenderer) chart.getXYPlot().getRenderer()).setDefaultShapesVisible(true);
        return chart;
    }

    private static JFreeChart percentiles(
            String title, List<Figure1Point> points, String network, int unit) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("15th", points, network, 1));
        data.addSeries(series("50th", points, network, 2));
        data.addSeries(series("85th", points, network, 3));
        return chart(
                title,
                "training steps",
                "input to sigmoid " + unit + " of layer " + Figure1Network.HIDDEN_LAYERS,
                data);
    }

    /** {@code what}: 0 accuracy, 1 p15, 2 p50, 3 p85. */
    private static XYSeries series(
            String name, List<Figure1Point> points, String network, int what) {
        List<Figure1Point> own = points.stream().filter(p -> p.network().equals(network)).toList();
        return Charts.series(
                name,
                own.stream().mapToDouble(Figure1Point::step).toArray(),
                own.stream()
                        .mapToDouble(
                                p ->
                                        switch (what) {
                                            case 0 -> p.testAccuracy();
                                            case 1 -> p.p15();
                                            case 2 -> p.p50();
                                            default -> p.p85();
                                        })
                        .toArray());
    }

    private static JFreeChart chart(
            String title, String xLabel, String yLabel, XYSeriesCollection data) {
        JFreeChart chart = Charts.lineChart(title, xLabel, yLabel, data, false);
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        return chart;
    }
}
