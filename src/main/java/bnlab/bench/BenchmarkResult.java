package bnlab.bench;

import bnlab.model.Variant;

/**
 * The figures {@code bnlab bench} measures for one variant. Times are milliseconds.
 *
 * @param variant the variant measured
 * @param batchSize examples per step
 * @param warmupSteps steps run before timing
 * @param timedSteps steps timed
 * @param stepMedianMs median training step
 * @param stepP90Ms 90th percentile training step
 * @param dataMedianMs median time to assemble a batch
 * @param forwardMedianMs median forward pass and loss
 * @param backwardMedianMs median back-propagation
 * @param optimizerMedianMs median optimizer update (and the two scalars read for the log)
 * @param trainImagesPerSecond batch size divided by the median step
 * @param inferenceMedianMs median inference batch (same batch size, inference mode)
 * @param inferenceImagesPerSecond batch size divided by the median inference batch
 * @param epochSecondsEstimate steps of a 60,000-image epoch times the median step, plus the
 *     test-set evaluation at the median inference time
 * @param faultsPerStep minor page faults of the process per timed step (NaN where /proc is not
 *     available): memory the allocator handed back to the kernel and maps afresh
 * @param residentMiB resident memory of the process after the run
 * @param peakResidentMiB peak resident memory of the process so far
 * @param heapUsedMiB JVM heap in use after the run
 * @param nativeMiB resident memory minus the committed JVM heap ({@link ProcessMemory#nativeMiB}:
 *     an estimate of PyTorch's tensors and native libraries, possibly negative)
 * @param heldMiB tensor data held by the model's NDManager after the run: parameters, optimizer
 *     state and the splits kept in native memory (per-batch arrays must not add to it)
 */
public record BenchmarkResult(
        Variant variant,
        int batchSize,
        int warmupSteps,
        int timedSteps,
        double stepMedianMs,
        double stepP90Ms,
        double dataMedianMs,
        double forwardMedianMs,
        double backwardMedianMs,
        double optimizerMedianMs,
        double trainImagesPerSecond,
        double inferenceMedianMs,
        double inferenceImagesPerSecond,
        double epochSecondsEstimate,
        double faultsPerStep,
        double residentMiB,
        double peakResidentMiB,
        double heapUsedMiB,
        double nativeMiB,
        double heldMiB) {

    /** Validates counts. */
    public BenchmarkResult {
        checkSteps(batchSize, warmupSteps, timedSteps);
    }

    /**
     * Checks the counts of a timed measurement, as every result of timed steps records them.
     *
     * @throws IllegalArgumentException unless {@code batchSize} and {@code timedSteps} are at least
     *     1 and {@code warmupSteps} at least 0
     */
    static void checkSteps(int batchSize, int warmupSteps, int timedSteps) {
        if (batchSize < 1 || warmupSteps < 0 || timedSteps < 1) {
            throw new IllegalArgumentException(
                    "batchSize and timedSteps must be >= 1, warmupSteps >= 0");
        }
    }
}
