package bnlab.experiment;

import bnlab.report.BandLine;
import bnlab.report.Charts;
import bnlab.report.IntervalCharts;
import bnlab.study.Interval;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jfree.chart.JFreeChart;
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
     * {@link #figure1} over several seeds: each line is the mean over the seeds at each step, with
     * its 95% band (Student's t over the seeds).
     *
     * @param runs per seed, its measurements; every seed measured at the same steps
     */
    public static byte[] figure1Bands(List<List<Figure1Point>> runs, int unit) throws IOException {
        String[] networks = {Figure1Point.WITHOUT_BN, Figure1Point.WITH_BN};
        JFreeChart accuracy =
                bands(
                        "(a) test accuracy, mean and 95% band",
                        "accuracy",
                        runs,
                        List.of("without BN", "with BN"),
                        List.of(networks),
                        List.of(0, 0));
        JFreeChart[] panels = new JFreeChart[3];
        panels[0] = accuracy;
        for (int i = 0; i < networks.length; i++) {
            panels[i + 1] =
                    bands(
                            (i == 0 ? "(b) without BN" : "(c) with BN") + ", means and 95% bands",
                            "input to sigmoid "
                                    + unit
                                    + " of layer "
                                    + Figure1Network.HIDDEN_LAYERS,
                            runs,
                            List.of("15th", "50th", "85th"),
                            List.of(networks[i], networks[i], networks[i]),
                            List.of(1, 2, 3));
        }
        return Charts.sideBySide(panels, PANEL_WIDTH, HEIGHT);
    }

    /** One banded line per name: {@code what} (as in {@link #series}) of its network. */
    private static JFreeChart bands(
            String title,
            String yLabel,
            List<List<Figure1Point>> runs,
            List<String> names,
            List<String> networks,
            List<Integer> whats) {
        List<BandLine> lines = new ArrayList<>();
        for (int line = 0; line < names.size(); line++) {
            String network = networks.get(line);
            int what = whats.get(line);
            List<List<Figure1Point>> own =
                    runs.stream()
                            .map(r -> r.stream().filter(p -> p.network().equals(network)).toList())
                            .toList();
            BandLine band = new BandLine(names.get(line));
            for (int i = 0; i < own.get(0).size(); i++) {
                int at = i;
                Interval iv =
                        Interval.of(
                                own.stream().mapToDouble(r -> value(r.get(at), what)).toArray());
                band.add(own.get(0).get(i).step(), iv.mean(), iv.low(), iv.high());
            }
            lines.add(band);
        }
        return IntervalCharts.bands(title, "training steps", yLabel, lines);
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
        chart.getXYPlot()
                .setDomainAxis(
                        Charts.logAxis(
                                "learning rate",
                                Arrays.stream(rates).min().orElse(1),
                                Arrays.stream(rates).max().orElse(1),
                                10));
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
                own.stream().mapToDouble(p -> value(p, what)).toArray());
    }

    /** {@code what}: 0 accuracy, 1 p15, 2 p50, 3 p85. */
    private static double value(Figure1Point p, int what) {
        return switch (what) {
            case 0 -> p.testAccuracy();
            case 1 -> p.p15();
            case 2 -> p.p50();
            default -> p.p85();
        };
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
