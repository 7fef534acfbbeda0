package bnlab.bench;

import bnlab.model.Variant;

/**
 * bnlab's training step against a peer's on the same network and batches, the two alternating step
 * by step so that both see the same machine load. Times are milliseconds.
 *
 * @param variant the variant measured
 * @param peer the peer's name, e.g. {@code djl}
 * @param batchSize examples per step
 * @param warmupSteps steps each ran before timing
 * @param timedSteps steps each timed
 * @param bnlabStepMedianMs bnlab's median training step
 * @param peerStepMedianMs the peer's median training step
 * @param ratio the median over timed steps of peer step / bnlab step, the two taken back to back
 *     (above 1: bnlab is faster)
 * @param peerDataMedianMs the peer's median time to produce the batch
 * @param peerTrainBatchMedianMs the peer's median forward, loss, backward and listeners
 * @param peerOptimizerMedianMs the peer's median optimizer update and batch release
 */
public record PeerResult(
        Variant variant,
        String peer,
        int batchSize,
        int warmupSteps,
        int timedSteps,
        double bnlabStepMedianMs,
        double peerStepMedianMs,
        double ratio,
        double peerDataMedianMs,
        double peerTrainBatchMedianMs,
        double peerOptimizerMedianMs) {

    /** Validates counts. */
    public PeerResult {
        BenchmarkResult.checkSteps(batchSize, warmupSteps, timedSteps);
    }
}
