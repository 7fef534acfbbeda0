package bnlab.studies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.study.Interval;
import bnlab.study.Study;
import bnlab.study.StudyConfig;
import bnlab.study.StudyPlan;
import bnlab.study.StudyResults;
import bnlab.study.StudyRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.junit.jupiter.api.Test;

/** The sweep chart draws each series' mean and 95% band over seeds at the swept settings. */
class SweepChartsTest {

    private static final int SEEDS = 3;

    /** Learning rates in the study's order, not ascending: the chart sorts them. */
    private static final double[] LRS = {1, 0.01, 0.1};

    private static final double[] SORTED_LRS = {0.01, 0.1, 1};

    @Test
    void eachLineHasTheSeedsMeanAndIntervalAtEverySweptRate() {
        List<StudyConfig> configs = new ArrayList<>();
        for (String series : List.of("bn", "plain")) {
            for (double lr : LRS) {
                configs.add(StudyConfig.of(series + "-" + lr, LeNetStudyTrainer.LR, "" + lr));
            }
        }
        Study study =
                Study.builder()
                        .setName("sweep")
                        .setDescription("a made-up learning-rate sweep")
                        .setQuestion("Which rate is best?")
                        .setConfigs(configs)
                        .setDefaults(new StudyPlan(SEEDS, 1, null))
                        .setQuick(new StudyPlan(SEEDS, 1, null))
                        .setAnswer(r -> "")
                        .build();
        List<StudyRun> runs = new ArrayList<>();
        for (StudyConfig c : configs) {
            for (long seed = 1; seed <= SEEDS; seed++) {
                runs.add(run(c.name(), seed, accuracy(c.name(), seed)));
            }
        }
        StudyResults results = StudyResults.of(study, study.defaults(), Map.of(), runs);

        YIntervalSeriesCollection data =
                (YIntervalSeriesCollection)
                        SweepCharts.chart(
                                        results,
                                        LeNetStudyTrainer.LR,
                                        "learning rate",
                                        10,
                                        c -> c.name().substring(0, c.name().indexOf('-')))
                                .getXYPlot()
                                .getDataset();
        assertEquals(2, data.getSeriesCount());
        for (int s = 0; s < 2; s++) {
            String series = s == 0 ? "bn" : "plain";
            assertEquals(series, data.getSeriesKey(s));
            assertEquals(SORTED_LRS.length, data.getItemCount(s));
            for (int i = 0; i < SORTED_LRS.length; i++) {
                String config = series + "-" + SORTED_LRS[i];
                double[] seeds = new double[SEEDS];
                for (int seed = 1; seed <= SEEDS; seed++) {
                    seeds[seed - 1] = accuracy(config, seed);
                }
                Interval expected = Interval.of(seeds);
                assertTrue(expected.high() - expected.low() > 0.01, "the band has a width");
                assertEquals(SORTED_LRS[i], data.getXValue(s, i), config);
                assertEquals(expected.mean(), data.getYValue(s, i), 1e-12, config);
                assertEquals(expected.low(), data.getStartYValue(s, i), 1e-12, config);
                assertEquals(expected.high(), data.getEndYValue(s, i), 1e-12, config);
            }
        }
    }

    /** A made-up accuracy that differs per configuration and spreads over the seeds. */
    private static double accuracy(String config, long seed) {
        double lr = Double.parseDouble(config.substring(config.indexOf('-') + 1));
        return (config.startsWith("bn") ? 0.6 : 0.4) + lr / 10 + seed * seed / 100.0;
    }

    private static StudyRun run(String config, long seed, double testAcc) {
        return new StudyRun(config, seed, 1 - testAcc, testAcc, testAcc, Map.of(), List.of());
    }
}
