package bnlab.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The median and nearest-rank percentile the benchmarks report, on samples given out of order. */
class StatsTest {

    /**
     * 1 to 10, shuffled, so that a method that forgot to sort would pick the wrong sample; a new
     * array each time, so that one sorted in place cannot hide in another test.
     */
    private static double[] oneToTen() {
        return new double[] {7, 3, 10, 1, 9, 2, 8, 5, 4, 6};
    }

    @Test
    void medianOfAnOddCountIsTheMiddleSample() {
        assertEquals(2, Stats.median(new double[] {3, 1, 2}));
        assertEquals(-4, Stats.median(new double[] {-4, 8, -7, 100, -5}));
        assertEquals(0.25, Stats.median(new double[] {0.25}));
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, Stats.median(new double[] {4, 1, 3, 2}));
        assertEquals(5.5, Stats.median(new double[] {10, 1}));
        assertEquals(5.5, Stats.median(oneToTen()));
        // ties: both middle samples equal
        assertEquals(3, Stats.median(new double[] {3, 9, 3, 0}));
    }

    @Test
    void percentileIsTheSampleOfRankCeilingOfPTimesCount() {
        // nearest rank: no interpolation, always one of the samples
        assertEquals(10, Stats.percentile(oneToTen(), 100));
        assertEquals(9, Stats.percentile(oneToTen(), 90));
        assertEquals(10, Stats.percentile(oneToTen(), 90.5));
        assertEquals(2, Stats.percentile(oneToTen(), 15));
        assertEquals(5, Stats.percentile(oneToTen(), 50), "not the median 5.5");
        assertEquals(1, Stats.percentile(oneToTen(), 10));
        // the smallest p still takes the first sample (rank 1)
        assertEquals(1, Stats.percentile(oneToTen(), 1e-9));
        // 90th of 3 steps, as bench reports for a short run: the slowest
        assertEquals(12, Stats.percentile(new double[] {11, 12, 10}, 90));
        assertEquals(42, Stats.percentile(new double[] {42}, 100));
    }

    @Test
    void percentileOutsideZeroExclusiveToHundredIsRejectedNamingIt() {
        for (double p : new double[] {0, -1, 100.5, Double.NaN}) {
            IllegalArgumentException e =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> Stats.percentile(oneToTen(), p),
                            "p = " + p);
            assertEquals("percentile must be in (0, 100], got " + p, e.getMessage());
        }
    }

    @Test
    void noSamplesIsAnError() {
        assertEquals(
                "no samples",
                assertThrows(IllegalArgumentException.class, () -> Stats.median(new double[0]))
                        .getMessage());
        assertEquals(
                "no samples",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> Stats.percentile(new double[0], 50))
                        .getMessage());
    }

    @Test
    void theSamplesAreLeftInTheirOrder() {
        double[] samples = oneToTen();
        Stats.median(samples);
        Stats.percentile(samples, 90);
        assertArrayEquals(oneToTen(), samples);
    }
}
