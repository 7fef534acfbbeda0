package bnlab.study;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The answer rule's sentences for overlapping, separated, single-seed and diverged figures. */
class ComparisonsTest {

    private static ConfigSummary summary(String config, double... testAcc) {
        int diverged = 0;
        for (double v : testAcc) {
            diverged += Double.isFinite(v) ? 0 : 1;
        }
        return new ConfigSummary(
                config, testAcc.length, diverged, Map.of(Measures.TEST_ACC, Interval.of(testAcc)));
    }

    // 0.51, 0.52, 0.53 and 0.62 ... 0.64: mean ± 0.0248 each, apart; 0.53 ... 0.55 overlaps a
    private static final ConfigSummary A = summary("a", 0.51, 0.52, 0.53);
    private static final ConfigSummary B = summary("b", 0.62, 0.63, 0.64);
    private static final ConfigSummary NEAR_A = summary("near", 0.53, 0.54, 0.55);

    @Test
    void overlappingIntervalsFindNoDifference() {
        assertEquals(
                "No difference in test_acc was found at 3 seeds between a (0.5200 [0.4952,"
                        + " 0.5448]) and near (0.5400 [0.5152, 0.5648]): their 95% intervals"
                        + " overlap.",
                Comparisons.compare(Measures.TEST_ACC, A, NEAR_A));
    }

    @Test
    void separatedIntervalsNameTheHigherAndByHowMuch() {
        String expected =
                "b has the higher test_acc, by 0.1100 (b: 0.6300 [0.6052, 0.6548]; a: 0.5200"
                        + " [0.4952, 0.5448]; the 95% intervals do not overlap at 3 seeds).";
        assertEquals(expected, Comparisons.compare(Measures.TEST_ACC, A, B));
        assertEquals(expected, Comparisons.compare(Measures.TEST_ACC, B, A));
    }

    @Test
    void unequalSeedCountsAreBothStated() {
        ConfigSummary two = summary("two", 0.52, 0.53);
        assertEquals(
                "No difference in test_acc was found at 3 and 2 seeds between a (0.5200 [0.4952,"
                        + " 0.5448]) and two (0.5250 [0.4615, 0.5885]): their 95% intervals"
                        + " overlap.",
                Comparisons.compare(Measures.TEST_ACC, A, two));
    }

    @Test
    void oneSeedClaimsNothing() {
        assertEquals(
                "a (0.5100 (n = 1, no interval)) and b (0.9000 (n = 1, no interval)) in"
                        + " test_acc: with one seed there is no interval, so no difference can be"
                        + " claimed.",
                Comparisons.compare(Measures.TEST_ACC, summary("a", 0.51), summary("b", 0.9)));
    }

    @Test
    void aDivergedConfigurationCannotBeCompared() {
        ConfigSummary bad = summary("bad", 0.5, Double.NaN, 0.5);
        assertEquals(
                "bad diverged in 1 of 3 runs, so its test_acc has no mean: it cannot be compared"
                        + " with a.",
                Comparisons.compare(Measures.TEST_ACC, A, bad));
    }

    @Test
    void againstAReferenceComparesEveryOther() {
        assertEquals(
                List.of(
                        Comparisons.compare(Measures.TEST_ACC, A, B),
                        Comparisons.compare(Measures.TEST_ACC, NEAR_A, B)),
                Comparisons.againstReference(Measures.TEST_ACC, "b", List.of(A, B, NEAR_A)));
    }

    @Test
    void highestNamesTheOnesNotToldApart() {
        assertEquals(
                "Highest mean test_acc: near, 0.5400 [0.5152, 0.5648]. Not told apart from it at"
                        + " 3 seeds (intervals overlap): a.",
                Comparisons.highest(Measures.TEST_ACC, List.of(A, NEAR_A)));
        assertEquals(
                "Highest mean test_acc: b, 0.6300 [0.6052, 0.6548]. Every other configuration's"
                        + " interval lies apart from (below) it.",
                Comparisons.highest(Measures.TEST_ACC, List.of(A, B)));
        assertEquals(
                "Every configuration diverged: no test_acc to compare. Diverged, no mean: x (1 of"
                        + " 1).",
                Comparisons.highest(Measures.TEST_ACC, List.of(summary("x", Double.NaN))));
    }
}
