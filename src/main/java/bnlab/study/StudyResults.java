package bnlab.study;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a finished study measured: its runs and, per configuration in the study's order, their
 * summary.
 *
 * @param study the study
 * @param plan the seeds, epochs and batches it ran with
 * @param settings the trainer's settings shared by every network (batch size, optimizer, …)
 * @param runs every trained network
 * @param summaries one per configuration that has runs, in the study's order
 */
public record StudyResults(
        Study study,
        StudyPlan plan,
        Map<String, String> settings,
        List<StudyRun> runs,
        List<ConfigSummary> summaries) {

    /** Copies the collections. */
    public StudyResults {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        runs = List.copyOf(runs);
        summaries = List.copyOf(summaries);
    }

    /** The results of {@code runs}, summarised per configuration. */
    public static StudyResults of(
            Study study, StudyPlan plan, Map<String, String> settings, List<StudyRun> runs) {
        List<ConfigSummary> summaries = new ArrayList<>();
        for (StudyConfig c : study.configs()) {
            List<StudyRun> mine = runs.stream().filter(r -> r.config().equals(c.name())).toList();
            if (!mine.isEmpty()) {
                summaries.add(ConfigSummary.of(c.name(), mine, study.summaryMeasures()));
            }
        }
        return new StudyResults(study, plan, settings, runs, summaries);
    }

    /** The summary of configuration {@code config}. */
    public ConfigSummary summary(String config) {
        return summaries.stream()
                .filter(s -> s.config().equals(config))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("no runs of configuration " + config));
    }

    /** The runs of configuration {@code config}, in seed order. */
    public List<StudyRun> runs(String config) {
        List<StudyRun> mine = new ArrayList<>();
        runs.stream()
                .filter(r -> r.config().equals(config))
                .sorted((a, b) -> Long.compare(a.seed(), b.seed()))
                .forEach(mine::add);
        return mine;
    }
}
