package bnlab.study;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of {@code summary.csv}: a configuration's runs reduced to a mean and a 95% interval per
 * measure.
 *
 * @param config the configuration's name
 * @param n how many networks (seeds) it has
 * @param diverged how many of them diverged (their figures are NaN, and so is every mean)
 * @param intervals per measure, the standard ones first, then the study's extra measures
 */
public record ConfigSummary(String config, int n, int diverged, Map<String, Interval> intervals) {

    /** Copies the intervals. */
    public ConfigSummary {
        if (n < 1 || diverged < 0 || diverged > n) {
            throw new IllegalArgumentException(
                    config
                            + ": n must be at least 1 and diverged in [0, n], got "
                            + n
                            + ", "
                            + diverged);
        }
        intervals = Collections.unmodifiableMap(new LinkedHashMap<>(intervals));
    }

    /** The summary of {@code runs} (all of configuration {@code config}, at least one). */
    public static ConfigSummary of(String config, List<StudyRun> runs, List<String> measures) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("configuration " + config + " has no runs");
        }
        Map<String, Interval> intervals = new LinkedHashMap<>();
        for (String measure : measures) {
            intervals.put(
                    measure,
                    Interval.of(runs.stream().mapToDouble(r -> r.value(measure)).toArray()));
        }
        int diverged = (int) runs.stream().filter(StudyRun::diverged).count();
        return new ConfigSummary(config, runs.size(), diverged, intervals);
    }

    /** The interval of {@code measure}. */
    public Interval interval(String measure) {
        Interval i = intervals.get(measure);
        if (i == null) {
            throw new IllegalArgumentException(config + " has no measure '" + measure + "'");
        }
        return i;
    }
}
