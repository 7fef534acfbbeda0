package bnlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.junit.jupiter.api.Test;

/** Charts with 95% intervals render diverged (NaN, infinite) and single-seed values. */
class IntervalChartsTest {

    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void errorBarsSkipAndLabelNonFiniteMeans() throws Exception {
        JFreeChart chart =
                IntervalCharts.errorBars(
                        "t",
                        "test_acc",
                        List.of("ok", "nan", "inf", "one"),
                        new double[] {0.8, NAN, INF, 0.7},
                        new double[] {0.75, NAN, NAN, NAN},
                        new double[] {0.85, NAN, NAN, NAN});
        assertPng(chart);
        SymbolAxis x = (SymbolAxis) chart.getXYPlot().getDomainAxis();
        assertEquals(
                List.of("ok", "nan (diverged)", "inf (diverged)", "one"), List.of(x.getSymbols()));
        YIntervalSeriesCollection data = (YIntervalSeriesCollection) chart.getXYPlot().getDataset();
        assertEquals(2, data.getItemCount(0));
        // the single-seed point has no bar: its ends are its mean
        assertEquals(0.7, data.getStartYValue(0, 1));
        assertEquals(0.7, data.getEndYValue(0, 1));
    }

    @Test
    void bandsStopWhereALineDivergesAndDrawNoBandWithoutAnInterval() throws Exception {
        JFreeChart chart =
                IntervalCharts.bands(
                        "t",
                        "epoch",
                        "loss",
                        List.of(
                                new BandLine("fine").add(1, 1, 0.9, 1.1).add(2, 0.5, 0.4, 0.6),
                                new BandLine("diverges").add(1, 1, 0.9, 1.1).add(2, INF, NAN, NAN),
                                new BandLine("all nan").add(1, NAN, NAN, NAN),
                                new BandLine("one seed").add(0.01, 0.7, NAN, NAN)));
        assertPng(chart);
        YIntervalSeriesCollection data = (YIntervalSeriesCollection) chart.getXYPlot().getDataset();
        assertEquals("fine", data.getSeriesKey(0));
        assertEquals(2, data.getItemCount(0));
        assertEquals(0.4, data.getStartYValue(0, 1));
        assertEquals(0.6, data.getEndYValue(0, 1));
        assertEquals("diverges (diverged)", data.getSeriesKey(1));
        assertEquals(1, data.getItemCount(1));
        assertEquals(0, data.getItemCount(2));
        // the x values are the ones given, and a mean without an interval has no band
        assertEquals(0.01, data.getXValue(3, 0));
        assertEquals(0.7, data.getStartYValue(3, 0));
        assertEquals(0.7, data.getEndYValue(3, 0));
    }

    private static void assertPng(JFreeChart chart) throws Exception {
        byte[] png = Charts.png(chart, Charts.WIDTH, Charts.HEIGHT);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(Charts.WIDTH, image.getWidth());
        assertTrue(png.length > 1000);
    }
}
