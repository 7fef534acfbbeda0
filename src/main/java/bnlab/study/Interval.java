package bnlab.study;

import java.util.Locale;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * The mean of a sample and its 95% confidence interval: {@code mean ± t(0.975, n−1) · s / √n}, with
 * {@code s} the sample standard deviation (divisor n − 1) and {@code t} Student's quantile at n − 1
 * degrees of freedom.
 *
 * <p>Undefined parts are NaN, never guessed: with n = 1 the standard deviation and the interval are
 * NaN (one value says nothing about the spread); if any value is NaN or infinite (a run that
 * diverged) every figure is NaN, because a mean that leaves out the failed runs would flatter the
 * configuration.
 *
 * @param n number of values
 * @param mean arithmetic mean (NaN if any value is not finite)
 * @param std sample standard deviation (NaN if n = 1 or any value is not finite)
 * @param low lower end of the 95% interval of the mean (NaN when {@code std} is)
 * @param high upper end of the 95% interval of the mean (NaN when {@code std} is)
 */
public record Interval(int n, double mean, double std, double low, double high) {

    /** The confidence level of every interval in bnlab. */
    public static final double LEVEL = 0.95;

    /** Validates the count and the order of the ends. */
    public Interval {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, got " + n);
        }
        if (low > high) {
            throw new IllegalArgumentException("low " + low + " is above high " + high);
        }
    }

    /** The mean and 95% interval of {@code values} (at least one). */
    public static Interval of(double... values) {
        int n = values.length;
        if (n == 0) {
            throw new IllegalArgumentException("no values: an interval needs at least one");
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return new Interval(n, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / n;
        if (n == 1) {
            return new Interval(1, mean, Double.NaN, Double.NaN, Double.NaN);
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(squares / (n - 1));
        double half = tQuantile(n - 1) * std / Math.sqrt(n);
        return new Interval(n, mean, std, mean - half, mean + half);
    }

    /** Student's t quantile at {@code (1 + LEVEL) / 2} (two-sided 95%) with {@code dof} degrees. */
    public static double tQuantile(int dof) {
        return TDistribution.of(dof).inverseCumulativeProbability((1 + LEVEL) / 2);
    }

    /** Whether the mean is a number (no run of the sample diverged). */
    public boolean hasMean() {
        return !Double.isNaN(mean);
    }

    /** Whether there is an interval (a finite mean and n of at least 2). */
    public boolean hasInterval() {
        return !Double.isNaN(low);
    }

    /** Whether the two intervals share at least one point; false if either has none. */
    public boolean overlaps(Interval other) {
        return hasInterval() && other.hasInterval() && low <= other.high && other.low <= high;
    }

    /**
     * E.g. {@code 0.8123 [0.8012, 0.8234]}, {@code 0.8123 (n = 1, no interval)} or {@code NaN (a
     * run diverged)}, with {@code digits} decimals.
     */
    public String describe(int digits) {
        String f = "%." + digits + "f";
        if (!hasMean()) {
            return "NaN (a run diverged)";
        }
        if (!hasInterval()) {
            return String.format(Locale.ROOT, f + " (n = 1, no interval)", mean);
        }
        return String.format(Locale.ROOT, f + " [" + f + ", " + f + "]", mean, low, high);
    }
}
