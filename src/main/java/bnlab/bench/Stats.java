package bnlab.bench;

import java.util.Arrays;

/** Order statistics of timing samples. */
public final class Stats {

    private Stats() {}

    /** The median of {@code values} (mean of the middle two for an even count). */
    public static double median(double[] values) {
        double[] s = sorted(values);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The {@code p}-th percentile by the nearest-rank method, p in (0, 100]. */
    public static double percentile(double[] values, double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        double[] s = sorted(values);
        int rank = (int) Math.ceil(p / 100 * s.length);
        return s[Math.max(0, rank - 1)];
    }

    private static double[] sorted(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        double[] s = values.clone();
        Arrays.sort(s);
        return s;
    }
}
