package bnlab.study;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The answer rule: two configurations differ in a measure only where their 95% intervals of the
 * mean do not overlap. Where they overlap, the text says that no difference was found at this
 * number of seeds (not that there is none); where they are apart, it names the higher one and by
 * how much, with both intervals. Non-overlap of two 95% intervals is a conservative test (stricter
 * than a two-sample t-test at 5%), which suits a claim made in plain language.
 */
public final class Comparisons {

    /** Decimals of every figure in an answer. */
    public static final int DIGITS = 4;

    private Comparisons() {}

    /** One sentence comparing {@code a} and {@code b} in {@code measure}. */
    public static String compare(String measure, ConfigSummary a, ConfigSummary b) {
        Interval x = a.interval(measure);
        Interval y = b.interval(measure);
        if (!x.hasMean() || !y.hasMean()) {
            ConfigSummary failed = x.hasMean() ? b : a;
            return String.format(
                    Locale.ROOT,
                    "%s diverged in %d of %d runs, so its %s has no mean: it cannot be compared"
                            + " with %s.",
                    failed.config(),
                    failed.diverged(),
                    failed.n(),
                    measure,
                    (failed == a ? b : a).config());
        }
        if (!x.hasInterval() || !y.hasInterval()) {
            return String.format(
                    Locale.ROOT,
                    "%s (%s) and %s (%s) in %s: with one seed there is no interval, so no"
                            + " difference can be claimed.",
                    a.config(),
                    x.describe(DIGITS),
                    b.config(),
                    y.describe(DIGITS),
                    measure);
        }
        if (x.overlaps(y)) {
            return String.format(
                    Locale.ROOT,
                    "No difference in %s was found at %s between %s (%s) and %s (%s): their 95%%"
                            + " intervals overlap.",
                    measure,
                    seeds(a, b),
                    a.config(),
                    x.describe(DIGITS),
                    b.config(),
                    y.describe(DIGITS));
        }
        ConfigSummary hi = x.mean() > y.mean() ? a : b;
        ConfigSummary lo = hi == a ? b : a;
        Interval h = hi.interval(measure);
        Interval l = lo.interval(measure);
        return String.format(
                Locale.ROOT,
                "%s has the higher %s, by %."
                        + DIGITS
                        + "f (%s: %s; %s: %s; the 95%% intervals"
                        + " do not overlap at %s).",
                hi.config(),
                measure,
                h.mean() - l.mean(),
                hi.config(),
                h.describe(DIGITS),
                lo.config(),
                l.describe(DIGITS),
                seeds(a, b));
    }

    /**
     * The verdict of {@link #compare} as a number: 1 where {@code a}'s 95% interval of {@code
     * measure} lies above {@code b}'s, -1 where it lies below, 0 where no difference can be claimed
     * (the intervals overlap, there is no interval, or one diverged).
     */
    public static int sign(String measure, ConfigSummary a, ConfigSummary b) {
        Interval x = a.interval(measure);
        Interval y = b.interval(measure);
        if (!x.hasInterval() || !y.hasInterval() || x.overlaps(y)) {
            return 0;
        }
        return x.mean() > y.mean() ? 1 : -1;
    }

    /** One sentence per configuration other than {@code reference}, comparing it with that one. */
    public static List<String> againstReference(
            String measure, String reference, List<ConfigSummary> summaries) {
        ConfigSummary ref =
                summaries.stream()
                        .filter(s -> s.config().equals(reference))
                        .findFirst()
                        .orElseThrow(
                                () -> new IllegalArgumentException("no summary of " + reference));
        List<String> lines = new ArrayList<>();
        for (ConfigSummary s : summaries) {
            if (s != ref) {
                lines.add(compare(measure, s, ref));
            }
        }
        return lines;
    }

    /**
     * Which configuration has the highest mean {@code measure}, and which others cannot be told
     * apart from it (their intervals overlap its interval); diverged ones are named apart.
     */
    public static String highest(String measure, List<ConfigSummary> summaries) {
        List<ConfigSummary> valid =
                summaries.stream().filter(s -> s.interval(measure).hasMean()).toList();
        List<String> diverged =
                summaries.stream()
                        .filter(s -> !s.interval(measure).hasMean())
                        .map(s -> s.config() + " (" + s.diverged() + " of " + s.n() + ")")
                        .toList();
        String divergedText =
                diverged.isEmpty()
                        ? ""
                        : " Diverged, no mean: " + String.join(", ", diverged) + ".";
        if (valid.isEmpty()) {
            return "Every configuration diverged: no " + measure + " to compare." + divergedText;
        }
        ConfigSummary top =
                valid.stream()
                        .max(Comparator.comparingDouble(s -> s.interval(measure).mean()))
                        .orElseThrow();
        Interval t = top.interval(measure);
        StringBuilder text =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "Highest mean %s: %s, %s.",
                                measure,
                                top.config(),
                                t.describe(DIGITS)));
        if (!t.hasInterval()) {
            text.append(" With one seed there is no interval: no ranking can be claimed.");
            return text.append(divergedText).toString();
        }
        List<String> tied =
                valid.stream()
                        .filter(
                                s ->
                                        s != top
                                                && (s.interval(measure).overlaps(t)
                                                        || !s.interval(measure).hasInterval()))
                        .map(ConfigSummary::config)
                        .toList();
        text.append(
                tied.isEmpty()
                        ? " Every other configuration's interval lies apart from (below) it."
                        : " Not told apart from it at "
                                + top.n()
                                + " seeds (intervals overlap): "
                                + String.join(", ", tied)
                                + ".");
        return text.append(divergedText).toString();
    }

    private static String seeds(ConfigSummary a, ConfigSummary b) {
        return a.n() == b.n() ? a.n() + " seeds" : a.n() + " and " + b.n() + " seeds";
    }
}
