package bnlab.bench;

/**
 * One point of the cost-growth measurement: one engine's training step at one batch size and thread
 * count, as a row of {@link ScalingCsv}.
 *
 * @param engine what ran the step: {@code bnlab}, or {@code pytorch} for the PyTorch baseline
 *     (bench/scaling.sh); no commas
 * @param variant the network variant's name ({@code scratch}, {@code concise}, {@code plain})
 * @param threads intra-op threads
 * @param batchSize examples per step
 * @param warmup untimed steps before timing
 * @param steps timed steps
 * @param stepMs median training step, milliseconds
 * @param stepP90Ms 90th percentile training step, milliseconds
 * @param examplesPerSecond batch size divided by the median step
 * @param residentMiB resident memory of the process after the timed steps
 * @param peakResidentMiB peak resident memory of the process so far
 */
public record ScalingPoint(
        String engine,
        String variant,
        int threads,
        int batchSize,
        int warmup,
        int steps,
        double stepMs,
        double stepP90Ms,
        double examplesPerSecond,
        double residentMiB,
        double peakResidentMiB) {

    /** Validates names and counts. */
    public ScalingPoint {
        if (engine == null || engine.isEmpty() || engine.contains(",")) {
            throw new IllegalArgumentException("engine must be a non-empty name without commas");
        }
        if (variant == null || variant.isEmpty() || variant.contains(",")) {
            throw new IllegalArgumentException("variant must be a non-empty name without commas");
        }
        if (threads < 1 || batchSize < 1 || warmup < 0 || steps < 1) {
            throw new IllegalArgumentException(
                    "threads, batchSize and steps must be >= 1, warmup >= 0");
        }
    }

    /** A point of bnlab's from a {@code bnlab bench} measurement at {@code threads} threads. */
    public static ScalingPoint of(BenchmarkResult r, int threads) {
        return new ScalingPoint(
                "bnlab",
                r.variant().cliName(),
                threads,
                r.batchSize(),
                r.warmupSteps(),
                r.timedSteps(),
                r.stepMedianMs(),
                r.stepP90Ms(),
                r.trainImagesPerSecond(),
                r.residentMiB(),
                r.peakResidentMiB());
    }

    /** Whether {@code other} measures the same thing (engine, variant, threads, batch size). */
    public boolean sameSetting(ScalingPoint other) {
        return engine.equals(other.engine)
                && variant.equals(other.variant)
                && threads == other.threads
                && batchSize == other.batchSize;
    }

    /** The series this point belongs to in the chart, e.g. {@code bnlab concise, 2 threads}. */
    public String series() {
        return engine + " " + variant + ", " + threads + (threads == 1 ? " thread" : " threads");
    }
}
