package bnlab.bench;

import java.util.Locale;

/**
 * The text tables {@code bnlab bench} prints: one row per measured variant, per folded model, or
 * per profiled operator, with the header that names the columns. Lines carry no line separator
 * unless said otherwise.
 */
public final class BenchTables {

    private BenchTables() {}

    /** The header of {@link #row(BenchmarkResult)}. */
    public static String header() {
        return String.format(
                Locale.ROOT,
                "%-8s %9s %8s %7s %8s %8s %8s %10s %10s %9s %8s %8s %8s %8s",
                "variant",
                "step ms",
                "p90 ms",
                "data",
                "forward",
                "backward",
                "optim",
                "train i/s",
                "infer i/s",
                "epoch s",
                "faults",
                "RSS MiB",
                "peak MiB",
                "held MiB");
    }

    /** One variant's training and inference speed and memory. */
    public static String row(BenchmarkResult r) {
        return String.format(
                Locale.ROOT,
                "%-8s %9.2f %8.2f %7.2f %8.2f %8.2f %8.2f %10.0f %10.0f %9.2f %8.0f %8.0f %8.0f %8.1f",
                r.variant(),
                r.stepMedianMs(),
                r.stepP90Ms(),
                r.dataMedianMs(),
                r.forwardMedianMs(),
                r.backwardMedianMs(),
                r.optimizerMedianMs(),
                r.trainImagesPerSecond(),
                r.inferenceImagesPerSecond(),
                r.epochSecondsEstimate(),
                r.faultsPerStep(),
                r.residentMiB(),
                r.peakResidentMiB(),
                r.heldMiB());
    }

    /** The header of {@link #row(DiagnosticsCostResult)}. */
    public static String diagnosticsHeader() {
        return String.format(
                Locale.ROOT,
                "%-8s %6s %7s %10s %12s %9s %12s",
                "variant",
                "every",
                "rounds",
                "plain ms",
                "recording ms",
                "ratio",
                "record ms");
    }

    /**
     * One variant's time per step without and with diagnostics, the median ratio, and the extra
     * time of one recorded step.
     */
    public static String row(DiagnosticsCostResult r) {
        return String.format(
                Locale.ROOT,
                "%-8s %6d %7d %10.2f %12.2f %9.4f %12.2f",
                r.variant(),
                r.every(),
                r.rounds(),
                r.plainMsPerStep(),
                r.recordingMsPerStep(),
                r.ratio(),
                r.recordingMs());
    }

    /** The header of {@link #row(PeerResult)}. */
    public static String peerHeader() {
        return String.format(
                Locale.ROOT,
                "%-8s %9s %9s %10s %9s %10s %9s",
                "variant",
                "bnlab ms",
                "peer ms",
                "peer/bnlab",
                "peer data",
                "peer batch",
                "peer step");
    }

    /**
     * bnlab's step beside a peer's, the median ratio of back-to-back steps, and the peer's phases
     * (data, train batch with its listeners, optimizer step).
     */
    public static String row(PeerResult r) {
        return String.format(
                Locale.ROOT,
                "%-8s %9.2f %9.2f %10.2f %9.2f %10.2f %9.2f",
                r.variant(),
                r.bnlabStepMedianMs(),
                r.peerStepMedianMs(),
                r.ratio(),
                r.peerDataMedianMs(),
                r.peerTrainBatchMedianMs(),
                r.peerOptimizerMedianMs());
    }

    /** The header of {@link #row(ScalingPoint)}. */
    public static String scalingHeader() {
        return String.format(
                Locale.ROOT,
                "%-8s %6s %9s %8s %11s %8s %8s",
                "variant",
                "batch",
                "step ms",
                "p90 ms",
                "examples/s",
                "RSS MiB",
                "peak MiB");
    }

    /** One batch size's step time, throughput and memory. */
    public static String row(ScalingPoint p) {
        return String.format(
                Locale.ROOT,
                "%-8s %6d %9.2f %8.2f %11.0f %8.0f %8.0f",
                p.variant(),
                p.batchSize(),
                p.stepMs(),
                p.stepP90Ms(),
                p.examplesPerSecond(),
                p.residentMiB(),
                p.peakResidentMiB());
    }

    /** The header of {@link #row(FoldedInferenceResult)}. */
    public static String foldedHeader() {
        return String.format(
                Locale.ROOT,
                "%-40s %13s %13s %8s",
                "model",
                "unfolded i/s",
                "folded i/s",
                "speedup");
    }

    /** One model's inference speed, unfolded and folded. */
    public static String row(FoldedInferenceResult r) {
        return String.format(
                Locale.ROOT,
                "%-40s %13.0f %13.0f %7.2fx",
                r.model(),
                r.unfoldedImagesPerSecond(),
                r.foldedImagesPerSecond(),
                r.speedup());
    }

    /**
     * The {@code top} operators of {@code profile} by self time, as PyTorch's {@code
     * key_averages()} lists them, under a header and above a line of totals; every line ends with
     * the platform's line separator.
     */
    public static String profile(OpProfile profile, int top) {
        double opMs = profile.opMsPerStep();
        StringBuilder text =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "%-48s %9s %9s %7s %10s%n",
                                "operator",
                                "self ms",
                                "total ms",
                                "self %",
                                "calls"));
        profile.ops().stream()
                .limit(top)
                .forEach(
                        op ->
                                text.append(
                                        String.format(
                                                Locale.ROOT,
                                                "%-48s %9.3f %9.3f %6.1f%% %10.1f%n",
                                                op.name(),
                                                op.selfMsPerStep(),
                                                op.totalMsPerStep(),
                                                100 * op.selfMsPerStep() / opMs,
                                                op.callsPerStep())));
        text.append(
                String.format(
                        Locale.ROOT,
                        "operator time per step: %.2f ms over %d operators; %.0f page faults"
                                + " per step (times include the profiler's overhead)%n",
                        opMs,
                        profile.ops().size(),
                        profile.faultsPerStep()));
        return text.toString();
    }
}
