package bnlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bnlab.experiment.ExperimentCharts;
import bnlab.experiment.Figure1Point;
import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.train.EpochMetrics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

/**
 * Values no chart can draw (NaN, infinite, near {@code Double.MAX_VALUE}) are left out and their
 * line marked "diverged": JFreeChart aborted with "Must be finite." and report.html was missing.
 */
class ChartsTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    private static RunSummary run(String dir, double... losses) {
        List<EpochMetrics> epochs = new java.util.ArrayList<>();
        for (int i = 0; i < losses.length; i++) {
            epochs.add(new EpochMetrics(i + 1, losses[i], 0.1, 0.1, 1));
        }
        return new RunSummary(Path.of(dir), NetworkConfig.of(Variant.SCRATCH), Map.of(), epochs);
    }

    @Test
    void lossesNoChartCanDrawAreLeftOutAndTheirLineMarked() throws Exception {
        JFreeChart chart =
                Charts.loss(
                        List.of(
                                run("fine", 0.9, 0.5),
                                run("huge", 0.9, 1e300, Double.MAX_VALUE),
                                run("inf", 0.9, INF, Double.NaN)));
        assertPng(chart, Charts.WIDTH);
        XYDataset data = chart.getXYPlot().getDataset();
        assertEquals("scratch (fine)", data.getSeriesKey(0));
        assertEquals("scratch (huge) (diverged)", data.getSeriesKey(1));
        assertEquals("scratch (inf) (diverged)", data.getSeriesKey(2));
        assertEquals(1, data.getItemCount(1));
        assertEquals(1, data.getItemCount(2));
    }

    @Test
    void parametersThatOverflowedAreLeftOutOfTheirLayersChart() throws Exception {
        JFreeChart chart =
                Charts.perChannel(
                        "layer 1",
                        "gamma",
                        new float[] {1f, Float.POSITIVE_INFINITY, Float.NaN},
                        "beta",
                        new float[] {0f, 0f, 0f});
        assertPng(chart, Charts.SMALL_WIDTH);
        assertEquals("gamma (diverged)", chart.getXYPlot().getDataset().getSeriesKey(0));
        assertEquals("beta", chart.getXYPlot().getDataset().getSeriesKey(1));
    }

    @Test
    void anLrSweepOfOneRateOrOnlyDivergedRunsStillHasAnAxis() throws Exception {
        // one rate gave the log axis no length ("A positive range length is required")
        for (double accuracy : new double[] {0.1, Double.NaN}) {
            JFreeChart chart =
                    ExperimentCharts.lrSweep(
                            List.of("plain", "scratch"),
                            List.of(1e10f),
                            List.of(new double[] {accuracy}, new double[] {accuracy}));
            assertPng(chart, ExperimentCharts.SWEEP_WIDTH);
        }
        JFreeChart chart =
                ExperimentCharts.lrSweep(
                        List.of("plain"), List.of(0.1f, 3f), List.of(new double[] {0.8, INF}));
        assertEquals("plain (diverged)", chart.getXYPlot().getDataset().getSeriesKey(0));
    }

    @Test
    void figureOneWithPercentilesThatOverflowedRenders() throws Exception {
        List<Figure1Point> points =
                List.of(
                        new Figure1Point(0, Figure1Point.WITHOUT_BN, 0.1, 0, 0, 0),
                        new Figure1Point(10, Figure1Point.WITHOUT_BN, 0.1, -INF, INF, INF),
                        new Figure1Point(0, Figure1Point.WITH_BN, 0.1, 0, 0, 0),
                        new Figure1Point(10, Figure1Point.WITH_BN, 0.2, 1, 2, 3));
        BufferedImage image =
                ImageIO.read(new ByteArrayInputStream(ExperimentCharts.figure1(points, 0)));
        assertEquals(3 * ExperimentCharts.PANEL_WIDTH, image.getWidth());
    }

    private static void assertPng(JFreeChart chart, int width) throws Exception {
        byte[] png = Charts.png(chart, width, Charts.HEIGHT);
        assertEquals(width, ImageIO.read(new ByteArrayInputStream(png)).getWidth());
    }
}
