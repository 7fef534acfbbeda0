package bnlab.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The interval math against published t-table values and a worked example. */
class IntervalTest {

    @Test
    void tQuantilesMatchTheTable() {
        assertEquals(12.706, Interval.tQuantile(1), 5e-4);
        assertEquals(4.303, Interval.tQuantile(2), 5e-4);
        assertEquals(2.776, Interval.tQuantile(4), 5e-4);
        assertEquals(2.262, Interval.tQuantile(9), 5e-4);
    }

    @Test
    void workedExample() {
        // values 2, 4, 4, 4, 5: mean 3.8, squared deviations 3.24 + 3 * 0.04 + 1.44 = 4.8,
        // s = sqrt(4.8 / 4) = 1.095445, half width 2.776445 * 1.095445 / sqrt(5) = 1.360173
        Interval i = Interval.of(2, 4, 4, 4, 5);
        assertEquals(5, i.n());
        assertEquals(3.8, i.mean(), 1e-12);
        assertEquals(1.0954451, i.std(), 1e-7);
        assertEquals(3.8 - 1.360173, i.low(), 1e-5);
        assertEquals(3.8 + 1.360173, i.high(), 1e-5);
        assertEquals("3.80 [2.44, 5.16]", i.describe(2));
    }

    @Test
    void twoValuesUseTwelvePointSevenOhSix() {
        // mean 0.85, s = 0.05 * sqrt(2) = 0.070711, half = 12.7062 * 0.070711 / sqrt(2) = 0.63531
        Interval i = Interval.of(0.8, 0.9);
        assertEquals(0.85, i.mean(), 1e-12);
        assertEquals(0.63531, i.high() - i.mean(), 1e-5);
    }

    @Test
    void oneValueHasAMeanButNoInterval() {
        Interval i = Interval.of(0.7);
        assertEquals(0.7, i.mean());
        assertTrue(i.hasMean());
        assertFalse(i.hasInterval());
        assertTrue(Double.isNaN(i.std()) && Double.isNaN(i.low()) && Double.isNaN(i.high()));
        assertEquals("0.700 (n = 1, no interval)", i.describe(3));
    }

    @Test
    void aNonFiniteValueMakesEveryFigureNaN() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            Interval i = Interval.of(0.5, bad, 0.6);
            assertEquals(3, i.n());
            assertFalse(i.hasMean());
            assertFalse(i.hasInterval());
            assertEquals("NaN (a run diverged)", i.describe(3));
        }
    }

    @Test
    void identicalValuesGiveAZeroWidthInterval() {
        Interval i = Interval.of(0.5, 0.5, 0.5);
        assertEquals(0.5, i.low());
        assertEquals(0.5, i.high());
    }

    @Test
    void overlap() {
        Interval a = new Interval(3, 0.5, 0.1, 0.4, 0.6);
        Interval b = new Interval(3, 0.65, 0.1, 0.6, 0.7);
        Interval c = new Interval(3, 0.8, 0.1, 0.7001, 0.9);
        Interval none = Interval.of(0.5);
        assertTrue(a.overlaps(b) && b.overlaps(a));
        assertFalse(a.overlaps(c) || c.overlaps(a));
        assertFalse(a.overlaps(none));
    }

    @Test
    void rejectsAnEmptySample() {
        assertThrows(IllegalArgumentException.class, Interval::of);
    }
}
