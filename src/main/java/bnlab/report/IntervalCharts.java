package bnlab.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Charts of means with their 95% intervals: error bars per category, or a band per line. A mean no
 * chart can draw (a diverged run's, see {@link Charts#drawable}) is left out of the plot and its
 * category or line is labelled "diverged", so that neither the chart library (which refuses
 * infinite values) nor the reader mistakes it for a figure; a mean without a drawable interval (one
 * seed) is drawn without a bar.
 */
public final class IntervalCharts {

    /** Marks a category or line whose mean is not a number. */
    public static final String DIVERGED = Charts.DIVERGED;

    private IntervalCharts() {}

    /**
     * One dot with a 95% error bar per category.
     *
     * @param names the categories, left to right
     * @param means the means, in the order of {@code names}
     * @param lows the intervals' lower ends (NaN where there is none)
     * @param highs the intervals' upper ends (NaN where there is none)
     */
    public static JFreeChart errorBars(
            String title,
            String yLabel,
            List<String> names,
            double[] means,
            double[] lows,
            double[] highs) {
        if (means.length != names.size()
                || lows.length != names.size()
                || highs.length != names.size()) {
            throw new IllegalArgumentException("one mean, low and high per name");
        }
        YIntervalSeries series = new YIntervalSeries("mean and 95% interval", false, true);
        String[] labels = new String[names.size()];
        for (int i = 0; i < names.size(); i++) {
            labels[i] = names.get(i);
            if (!Charts.drawable(means[i])) {
                labels[i] += " (" + DIVERGED + ")";
                continue;
            }
            boolean bar = Charts.drawable(lows[i]) && Charts.drawable(highs[i]);
            series.add(i, means[i], bar ? lows[i] : means[i], bar ? highs[i] : means[i]);
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        data.addSeries(series);
        JFreeChart chart = Charts.lineChart(title, "", yLabel, null, true);
        XYPlot plot = chart.getXYPlot();
        plot.setDataset(data);
        SymbolAxis x = new SymbolAxis("", labels);
        x.setGridBandsVisible(false);
        // room for the first and last bars
        x.setLowerMargin(0);
        x.setUpperMargin(0);
        x.setRange(-0.5, names.size() - 0.5);
        plot.setDomainAxis(x);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setDefaultLinesVisible(false);
        renderer.setSeriesPaint(0, Charts.color(0));
        renderer.setErrorPaint(Charts.color(0));
        renderer.setErrorStroke(new BasicStroke(2f));
        renderer.setCapLength(10);
        plot.setRenderer(renderer);
        chart.removeLegend();
        return chart;
    }

    /**
     * One line per series with its 95% interval as a translucent band. A point whose mean cannot be
     * drawn is left out and its line marked diverged; a point without a drawable interval is drawn
     * without a band.
     *
     * @param lines the lines, in the order of their colours and legend
     */
    public static JFreeChart bands(
            String title, String xLabel, String yLabel, List<BandLine> lines) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (BandLine line : lines) {
            boolean diverged = false;
            YIntervalSeries series = new YIntervalSeries(line.name(), false, true);
            for (double[] p : line.points()) {
                if (!Charts.drawable(p[1])) {
                    diverged = true;
                    continue;
                }
                boolean band = Charts.drawable(p[2]) && Charts.drawable(p[3]);
                series.add(p[0], p[1], band ? p[2] : p[1], band ? p[3] : p[1]);
            }
            if (diverged) {
                series.setKey(line.name() + " (" + DIVERGED + ")");
            }
            data.addSeries(series);
        }
        JFreeChart chart = Charts.lineChart(title, xLabel, yLabel, null, true);
        XYPlot plot = chart.getXYPlot();
        plot.setDataset(data);
        DeviationRenderer renderer = new DeviationRenderer(true, true);
        renderer.setAlpha(0.2f);
        for (int s = 0; s < lines.size(); s++) {
            Color c = (Color) Charts.color(s);
            renderer.setSeriesPaint(s, c);
            renderer.setSeriesFillPaint(s, c);
            renderer.setSeriesStroke(s, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        return chart;
    }
}
