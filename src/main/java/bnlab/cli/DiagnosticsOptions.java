package bnlab.cli;

import bnlab.train.DiagnosticsRecorder;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --diagnostics} and {@code --every}, which {@code train} and {@code compare} share. */
final class DiagnosticsOptions {

    @Option(
            names = "--diagnostics",
            description =
                    "Record what happens inside the network every --every steps into the run's"
                            + " diagnostics.csv, charted in report.html: per normalization site the"
                            + " mean and std of the normalizer's input and output and the fraction"
                            + " of saturated activations, per layer the weight gradient's norm and"
                            + " the update-to-weight ratio (docs/diagnostics.md).")
    boolean enabled;

    @Option(
            names = "--every",
            paramLabel = "K",
            description =
                    "With --diagnostics: record steps 1, 1+K, 1+2K, ..., K in 1.."
                            + DiagnosticsRecorder.MAX_EVERY
                            + " (default: "
                            + DiagnosticsRecorder.DEFAULT_EVERY
                            + ").")
    Integer every;

    /**
     * Checks the options before any work: {@code --every} needs {@code --diagnostics} and a value
     * in range.
     *
     * @throws CommandLine.ParameterException naming the option and the value
     */
    void check(CommandSpec spec) throws Exception {
        if (every != null && !enabled) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--every "
                            + every
                            + " sets how often --diagnostics records; add --diagnostics");
        }
        if (enabled) {
            UsageErrors.check(spec, this::recorder);
        }
    }

    /** A new recorder for one run, or {@code null} without {@code --diagnostics}. */
    DiagnosticsRecorder recorder() {
        if (!enabled) {
            return null;
        }
        return new DiagnosticsRecorder(every == null ? DiagnosticsRecorder.DEFAULT_EVERY : every);
    }
}
