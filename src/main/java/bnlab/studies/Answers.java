package bnlab.studies;

import bnlab.study.Comparisons;
import bnlab.study.ConfigSummary;
import bnlab.study.StudyResults;
import bnlab.study.StudyRun;
import java.util.List;
import java.util.stream.Collectors;

/** Figures that several studies' answers quote. */
final class Answers {

    private Answers() {}

    /**
     * The trainable parameters of configuration {@code config}'s network, as its first run measured
     * them (every seed builds the same network).
     */
    static long params(StudyResults results, String config) {
        StudyRun first = results.runs(config).get(0);
        return Math.round(first.value(LeNetStudyTrainer.PARAMS));
    }

    /** The sentences as a Markdown list, one item per line. */
    static String bullets(List<String> sentences) {
        return sentences.stream().map(s -> "- " + s).collect(Collectors.joining("\n"));
    }

    /**
     * How {@code a} stands against {@code b} in {@code measure} under the overlap rule: {@code
     * "above"}, {@code "below"}, {@code "not told apart from"}, or, where either has no mean,
     * {@code "not comparable (diverged) with"}.
     */
    static String relation(String measure, ConfigSummary a, ConfigSummary b) {
        if (!a.interval(measure).hasMean() || !b.interval(measure).hasMean()) {
            return "not comparable (diverged) with";
        }
        return switch (Comparisons.sign(measure, a, b)) {
            case 1 -> "above";
            case -1 -> "below";
            default -> "not told apart from";
        };
    }
}
