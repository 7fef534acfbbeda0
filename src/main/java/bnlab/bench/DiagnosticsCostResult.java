package bnlab.bench;

import bnlab.model.Variant;

/**
 * What recording diagnostics ({@code train --diagnostics}) costs: the same steps with and without
 * recording, in rounds of {@code every} steps (one of which records), the two trainers alternating
 * round by round so that both see the same machine load. Times are milliseconds per step, averaged
 * over a round, so the recording step's cost is spread over the steps it stands for.
 *
 * @param variant the variant measured
 * @param batchSize examples per step
 * @param every the recording interval: steps per round, one of them recorded
 * @param warmupSteps steps each trainer ran before timing
 * @param rounds rounds each trainer timed
 * @param plainMsPerStep the median over rounds of the plain trainer's time per step
 * @param recordingMsPerStep the median over rounds of the recording trainer's time per step
 * @param ratio the median over rounds of recording / plain time, the two rounds back to back (1.05
 *     is 5% more)
 * @param recordingMs the median over rounds of the extra time of the round's one recorded step:
 *     (recording − plain) × every, the two rounds back to back
 */
public record DiagnosticsCostResult(
        Variant variant,
        int batchSize,
        int every,
        int warmupSteps,
        int rounds,
        double plainMsPerStep,
        double recordingMsPerStep,
        double ratio,
        double recordingMs) {

    /** Validates counts. */
    public DiagnosticsCostResult {
        if (batchSize < 1 || every < 1 || warmupSteps < 0 || rounds < 1) {
            throw new IllegalArgumentException(
                    "batchSize, every and rounds must be >= 1, warmupSteps >= 0");
        }
    }
}
