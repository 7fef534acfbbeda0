package bnlab.report;

import bnlab.model.NetworkConfig;
import bnlab.train.EpochMetrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The report's charts, made with JFreeChart and rendered to PNG without a display.
 *
 * <p>A value no chart can draw (NaN, infinite, or beyond {@link #MAX_DRAWN}, which only a diverged
 * run produces) is left out of its line and the line's name is marked {@value #DIVERGED}, so that
 * neither the chart library (which aborts on infinite values) nor the reader mistakes it for a
 * figure.
 */
public final class Charts {

    /** Marks a line, category or point some of whose values are not drawn. */
    public static final String DIVERGED = "diverged";

    /**
     * The largest magnitude drawn: far above any loss, accuracy or parameter of a run that trains,
     * and far enough below {@code Double.MAX_VALUE} that the axes' arithmetic cannot overflow (it
     * does at about 1.8e308).
     */
    public static final double MAX_DRAWN = 1e15;

    /** Width of the loss and accuracy charts, in pixels. */
    public static final int WIDTH = 800;

    /** Height of the loss and accuracy charts, in pixels. */
    public static final int HEIGHT = 500;

    /** Width of a per-channel chart of one layer. */
    public static final int SMALL_WIDTH = 420;

    /** Height of a per-channel chart of one layer. */
    public static final int SMALL_HEIGHT = 220;

    static {
        // Rendering needs no display: fonts and images only (set before AWT starts).
        System.setProperty("java.awt.headless", "true");
    }

    private static final Stroke SOLID = new BasicStroke(2f);
    private static final Stroke DASHED =
            new BasicStroke(
                    2f,
                    BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER,
                    10f,
                    new float[] {6f, 4f},
                    0f);
    private static final Color[] PALETTE = {
        new Color(0x1f77b4),
        new Color(0xd62728),
        new Color(0x2ca02c),
        new Color(0x9467bd),
        new Color(0xff7f0e),
        new Color(0x8c564b)
    };

    private Charts() {}

    /** The training loss of every run per epoch, one line per run. */
    public static JFreeChart loss(List<RunSummary> runs) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (RunSummary run : runs) {
            data.addSeries(series(label(run, runs), run, EpochMetrics::loss));
        }
        JFreeChart chart =
                lineChart("Training loss per epoch", "epoch", "mean training loss", data);
        XYLineAndShapeRenderer renderer = renderer(chart);
        for (int i = 0; i < runs.size(); i++) {
            renderer.setSeriesPaint(i, color(i));
            renderer.setSeriesStroke(i, SOLID);
        }
        return chart;
    }

    /** Train (dashed) and test (solid) accuracy of every run per epoch, one colour per run. */
    public static JFreeChart accuracy(List<RunSummary> runs) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (RunSummary run : runs) {
            String label = label(run, runs);
            data.addSeries(series(label + " train", run, EpochMetrics::trainAccuracy));
            data.addSeries(series(label + " test", run, EpochMetrics::testAccuracy));
        }
        JFreeChart chart =
                lineChart(
                        "Accuracy per epoch (train dashed, test solid)", "epoch", "accuracy", data);
        XYLineAndShapeRenderer renderer = renderer(chart);
        for (int i = 0; i < runs.size(); i++) {
            renderer.setSeriesPaint(2 * i, color(i));
            renderer.setSeriesStroke(2 * i, DASHED);
            renderer.setSeriesPaint(2 * i + 1, color(i));
            renderer.setSeriesStroke(2 * i + 1, SOLID);
        }
        return chart;
    }

    /** Two per-channel series of one layer, e.g. gamma and beta, against the channel index. */
    public static JFreeChart perChannel(
            String title, String firstName, float[] first, String secondName, float[] second) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(channelSeries(firstName, first));
        data.addSeries(channelSeries(secondName, second));
        JFreeChart chart = lineChart(title, "channel", "value", data);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        XYLineAndShapeRenderer renderer = renderer(chart);
        // markers only where they stay apart (the 120- and 84-channel layers would be a smear)
        renderer.setDefaultShapesVisible(first.length <= 20);
        for (int i = 0; i < 2; i++) {
            renderer.setSeriesPaint(i, color(i));
            renderer.setSeriesStroke(i, new BasicStroke(1.5f));
        }
        return chart;
    }

    /** {@code chart} as a PNG of {@code width} x {@code height} pixels. */
    public static byte[] png(JFreeChart chart, int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(bytes, chart, width, height);
        return bytes.toByteArray();
    }

    /**
     * {@code panels} drawn side by side, each {@code panelWidth} x {@code height} pixels, as one
     * PNG.
     */
    public static byte[] sideBySide(JFreeChart[] panels, int panelWidth, int height)
            throws IOException {
        BufferedImage image =
                new BufferedImage(panels.length * panelWidth, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (int i = 0; i < panels.length; i++) {
            panels[i].draw(g, new Rectangle(i * panelWidth, 0, panelWidth, height));
        }
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }

    /** The colour of the {@code i}-th series group; shared with the report's tables. */
    public static Paint color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    /** The network's label, or the end of the directory too when two runs share a network. */
    static String label(RunSummary run, List<RunSummary> runs) {
        NetworkConfig network = run.network();
        String label = network.label();
        List<Path> others =
                runs.stream()
                        .filter(r -> r != run && r.network().equals(network))
                        .map(r -> r.dir().toAbsolutePath().normalize())
                        .toList();
        if (others.isEmpty()) {
            return label;
        }
        // the shortest end of the path that no other run of the network shares (a series key
        // must be unique): "scratch (b/scratch)" beside "scratch (a/scratch)"
        Path mine = run.dir().toAbsolutePath().normalize();
        for (int n = 1; n <= mine.getNameCount(); n++) {
            Path end = lastNames(mine, n);
            int names = n;
            if (others.stream().noneMatch(o -> lastNames(o, names).equals(end))) {
                return label + " (" + end + ")";
            }
        }
        return label + " (" + mine + ")";
    }

    private static Path lastNames(Path path, int n) {
        int count = path.getNameCount();
        return count == 0 ? path : path.subpath(Math.max(0, count - n), count);
    }

    /**
     * A log axis for a swept setting from {@code low} to {@code high}: one tick per power of {@code
     * base}, labelled 0.01, 0.1, 1 or 2, 4, 8 (not 10^-2.0), and half a power of room on either
     * side. The range is set here, not from the points drawn: one value (or none left after
     * divergence) would give the axis no length, which JFreeChart refuses.
     *
     * @param label what the axis shows, e.g. {@code learning rate}
     * @param base 10 for learning rates, 2 for batch sizes
     */
    public static LogAxis logAxis(String label, double low, double high, double base) {
        LogAxis x = new LogAxis(label + " (log scale)");
        x.setBase(base);
        x.setTickUnit(new NumberTickUnit(1));
        x.setNumberFormatOverride(
                new DecimalFormat("0.####", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        x.setRange(low / Math.sqrt(base), high * Math.sqrt(base));
        return x;
    }

    /** Whether {@code value} can be drawn: finite and at most {@link #MAX_DRAWN} in magnitude. */
    public static boolean drawable(double value) {
        return Double.isFinite(value) && Math.abs(value) <= MAX_DRAWN;
    }

    /**
     * A line through the points ({@code xs[i]}, {@code ys[i]}) that can be drawn; if any is left
     * out, the line's name is marked {@value #DIVERGED}.
     */
    public static XYSeries series(String name, double[] xs, double[] ys) {
        XYSeries series = new XYSeries(name, false, true);
        boolean skipped = false;
        for (int i = 0; i < xs.length; i++) {
            if (drawable(xs[i]) && drawable(ys[i])) {
                series.add(xs[i], ys[i]);
            } else {
                skipped = true;
            }
        }
        if (skipped) {
            series.setKey(name + " (" + DIVERGED + ")");
        }
        return series;
    }

    private static XYSeries series(String name, RunSummary run, ToDoubleFunction<EpochMetrics> f) {
        List<EpochMetrics> epochs = run.epochs();
        return series(
                name,
                epochs.stream().mapToDouble(EpochMetrics::epoch).toArray(),
                epochs.stream().mapToDouble(f).toArray());
    }

    private static XYSeries channelSeries(String name, float[] values) {
        double[] xs = new double[values.length];
        double[] ys = new double[values.length];
        for (int c = 0; c < values.length; c++) {
            xs[c] = c;
            ys[c] = values[c];
        }
        return series(name, xs, ys);
    }

    /**
     * A line chart in bnlab's style: white background, light grid, a value axis that need not
     * include zero.
     *
     * @param markers whether each point gets a marker (for few points, such as epochs)
     */
    public static JFreeChart lineChart(
            String title, String xLabel, String yLabel, XYSeriesCollection data, boolean markers) {
        JFreeChart chart =
                ChartFactory.createXYLineChart(
                        title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        plot.setRenderer(new XYLineAndShapeRenderer(true, markers));
        return chart;
    }

    private static JFreeChart lineChart(
            String title, String xLabel, String yLabel, XYSeriesCollection data) {
        JFreeChart chart = lineChart(title, xLabel, yLabel, data, true);
        // epochs and channels are whole numbers
        chart.getXYPlot().getDomainAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return chart;
    }

    private static XYLineAndShapeRenderer renderer(JFreeChart chart) {
        return (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
    }
}
