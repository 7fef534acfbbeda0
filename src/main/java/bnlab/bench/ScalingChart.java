package bnlab.bench;

import bnlab.report.Charts;
import java.io.IOException;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The cost-growth chart: step time, examples per second and resident memory against the batch size
 * (a base-2 log axis), one line per engine, variant and thread count, three panels side by side.
 */
public final class ScalingChart {

    /** Width of one panel, in pixels. */
    public static final int PANEL_WIDTH = 480;

    /** Height of the chart, in pixels. */
    public static final int HEIGHT = 420;

    static {
        // rendering needs no display (set before AWT starts)
        System.setProperty("java.awt.headless", "true");
    }

    private ScalingChart() {}

    /** The chart of {@code points} as a PNG of 3 × {@link #PANEL_WIDTH} by {@link #HEIGHT}. */
    public static byte[] png(List<ScalingPoint> points) throws IOException {
        JFreeChart[] panels = {
            panel("Training step", "ms per step", points, ScalingPoint::stepMs),
            panel("Throughput", "examples per second", points, ScalingPoint::examplesPerSecond),
            panel("Memory", "resident MiB", points, ScalingPoint::residentMiB)
        };
        return Charts.sideBySide(panels, PANEL_WIDTH, HEIGHT);
    }

    private static JFreeChart panel(
            String title,
            String yLabel,
            List<ScalingPoint> points,
            ToDoubleFunction<ScalingPoint> y) {
        Map<String, XYSeries> series = new LinkedHashMap<>();
        for (ScalingPoint p : points) {
            double value = y.applyAsDouble(p);
            if (Double.isFinite(value)) {
                series.computeIfAbsent(p.series(), name -> new XYSeries(name, true, true))
                        .add(p.batchSize(), value);
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        JFreeChart chart = Charts.lineChart(title, "batch size", yLabel, data, true);
        LogAxis x = new LogAxis("batch size (log scale)");
        x.setBase(2);
        // one tick per doubling, labelled 16, 32, 64 rather than 2^4.0 ...
        x.setTickUnit(new NumberTickUnit(1));
        x.setNumberFormatOverride(
                new DecimalFormat("0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        chart.getXYPlot().setDomainAxis(x);
        XYItemRenderer renderer = chart.getXYPlot().getRenderer();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, Charts.color(i));
        }
        return chart;
    }
}
