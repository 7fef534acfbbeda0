package bnlab.bench;

import static bnlab.report.TextTable.column;

import bnlab.report.TextTable;
import java.util.Locale;

/**
 * The text tables {@code bnlab bench} prints: one row per measured variant, per batch size, per
 * folded model, or per profiled operator.
 */
public final class BenchTables {

    /** One variant's training and inference speed and memory. */
    public static final TextTable<BenchmarkResult> TRAINING =
            TextTable.of(
                    column("variant", "%-8s", BenchmarkResult::variant),
                    column("step ms", "%9.2f", BenchmarkResult::stepMedianMs),
                    column("p90 ms", "%8.2f", BenchmarkResult::stepP90Ms),
                    column("data", "%7.2f", BenchmarkResult::dataMedianMs),
                    column("forward", "%8.2f", BenchmarkResult::forwardMedianMs),
                    column("backward", "%8.2f", BenchmarkResult::backwardMedianMs),
                    column("optim", "%8.2f", BenchmarkResult::optimizerMedianMs),
                    column("train i/s", "%10.0f", BenchmarkResult::trainImagesPerSecond),
                    column("infer i/s", "%10.0f", BenchmarkResult::inferenceImagesPerSecond),
                    column("epoch s", "%9.2f", BenchmarkResult::epochSecondsEstimate),
                    column("faults", "%8.0f", BenchmarkResult::faultsPerStep),
                    column("RSS MiB", "%8.0f", BenchmarkResult::residentMiB),
                    column("peak MiB", "%8.0f", BenchmarkResult::peakResidentMiB),
                    column("held MiB", "%8.1f", BenchmarkResult::heldMiB));

    /**
     * One variant's time per step without and with diagnostics, the median ratio, and the extra
     * time of one recorded step.
     */
    public static final TextTable<DiagnosticsCostResult> DIAGNOSTICS =
            TextTable.of(
                    column("variant", "%-8s", DiagnosticsCostResult::variant),
                    column("every", "%6d", DiagnosticsCostResult::every),
                    column("rounds", "%7d", DiagnosticsCostResult::rounds),
                    column("plain ms", "%10.2f", DiagnosticsCostResult::plainMsPerStep),
                    column("recording ms", "%12.2f", DiagnosticsCostResult::recordingMsPerStep),
                    column("ratio", "%9.4f", DiagnosticsCostResult::ratio),
                    column("record ms", "%12.2f", DiagnosticsCostResult::recordingMs));

    /**
     * bnlab's step beside a peer's, the median ratio of back-to-back steps, and the peer's phases
     * (data, train batch with its listeners, optimizer step).
     */
    public static final TextTable<PeerResult> PEER =
            TextTable.of(
                    column("variant", "%-8s", PeerResult::variant),
                    column("bnlab ms", "%9.2f", PeerResult::bnlabStepMedianMs),
                    column("peer ms", "%9.2f", PeerResult::peerStepMedianMs),
                    column("peer/bnlab", "%10.2f", PeerResult::ratio),
                    column("peer data", "%9.2f", PeerResult::peerDataMedianMs),
                    column("peer batch", "%10.2f", PeerResult::peerTrainBatchMedianMs),
                    column("peer step", "%9.2f", PeerResult::peerOptimizerMedianMs));

    /** One batch size's step time, throughput and memory. */
    public static final TextTable<ScalingPoint> SCALING =
            TextTable.of(
                    column("variant", "%-8s", ScalingPoint::variant),
                    column("batch", "%6d", ScalingPoint::batchSize),
                    column("step ms", "%9.2f", ScalingPoint::stepMs),
                    column("p90 ms", "%8.2f", ScalingPoint::stepP90Ms),
                    column("examples/s", "%11.0f", ScalingPoint::examplesPerSecond),
                    column("RSS MiB", "%8.0f", ScalingPoint::residentMiB),
                    column("peak MiB", "%8.0f", ScalingPoint::peakResidentMiB));

    /** One model's inference speed, unfolded and folded. */
    public static final TextTable<FoldedInferenceResult> FOLDED =
            TextTable.of(
                    column("model", "%-40s", FoldedInferenceResult::model),
                    column(
                            "unfolded i/s",
                            "%13.0f",
                            FoldedInferenceResult::unfoldedImagesPerSecond),
                    column("folded i/s", "%13.0f", FoldedInferenceResult::foldedImagesPerSecond),
                    column("speedup", "%7.2fx", FoldedInferenceResult::speedup));

    private BenchTables() {}

    /**
     * The {@code top} operators of {@code profile} by self time, as PyTorch's {@code
     * key_averages()} lists them, under a header and above a line of totals; every line ends with
     * the platform's line separator.
     */
    public static String profile(OpProfile profile, int top) {
        double opMs = profile.opMsPerStep();
        TextTable<OpStat> ops =
                TextTable.of(
                        column("operator", "%-48s", OpStat::name),
                        column("self ms", "%9.3f", OpStat::selfMsPerStep),
                        column("total ms", "%9.3f", OpStat::totalMsPerStep),
                        column("self %", "%6.1f%%", op -> 100 * op.selfMsPerStep() / opMs),
                        column("calls", "%10.1f", OpStat::callsPerStep));
        StringBuilder text = new StringBuilder(ops.header()).append(System.lineSeparator());
        profile.ops().stream()
                .limit(top)
                .forEach(op -> text.append(ops.row(op)).append(System.lineSeparator()));
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
