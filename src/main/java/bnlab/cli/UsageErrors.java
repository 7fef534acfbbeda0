package bnlab.cli;

import bnlab.errors.Ranges;
import bnlab.run.SavedRun;
import picocli.CommandLine;

/**
 * Turns a bad setting, reported as {@link IllegalArgumentException}, into a usage error (exit 2).
 */
final class UsageErrors {

    private UsageErrors() {}

    /** Runs {@code step}; an {@link IllegalArgumentException} becomes a picocli usage error. */
    static <T> T check(CommandLine.Model.CommandSpec spec, Step<T> step) throws Exception {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), Messages.of(e), e);
        }
    }

    /**
     * Runs {@code step}, whose {@link IllegalArgumentException} is about the value of {@code
     * option}: the usage error names the option before the library's message (library code does not
     * know the command line).
     */
    static <T> T checkOption(CommandLine.Model.CommandSpec spec, String option, Step<T> step)
            throws Exception {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), option + " " + Messages.of(e), e);
        }
    }

    /**
     * The epoch that {@code --epoch} names in {@code run}, or its last epoch if not given.
     *
     * @throws CommandLine.ParameterException unless {@code 1 <= epoch <= run.lastEpoch()}
     */
    static int epoch(CommandLine.Model.CommandSpec spec, Integer epoch, SavedRun run)
            throws Exception {
        return epoch == null
                ? run.lastEpoch()
                : check(spec, () -> Ranges.check("--epoch", epoch, 1, run.lastEpoch()));
    }

    /** A step that may fail with a bad setting. */
    @FunctionalInterface
    interface Step<T> {
        T get() throws Exception;
    }
}
