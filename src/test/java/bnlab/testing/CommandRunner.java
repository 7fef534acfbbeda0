package bnlab.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.cli.BnlabCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs a bnlab command line in-process and captures what it prints.
 *
 * @param exitCode what the command returned
 * @param out all it printed to stdout
 * @param err all it printed to stderr
 */
public record CommandRunner(int exitCode, String out, String err) {

    /**
     * Asserts that the command ended with the usage error {@code message}: exit 2, that one line on
     * stderr naming {@code command} (e.g. {@code experiment lr-sweep}), nothing on stdout.
     */
    public void assertUsageError(String command, String message) {
        assertEquals(2, exitCode, err);
        assertEquals(
                "bnlab " + command + ": " + message + " (see 'bnlab " + command + " --help')",
                err.strip());
        assertEquals("", out);
    }

    /** Asserts that the command ended with exit 0 (failing with what it printed to stderr). */
    public CommandRunner assertSuccess() {
        assertEquals(0, exitCode, err);
        return this;
    }

    /**
     * Asserts that the command ended with the exit code {@code expected} and one line on stderr,
     * and returns that line.
     */
    public String assertOneLineError(int expected) {
        assertEquals(expected, exitCode, out + err);
        assertEquals(1, err.lines().count(), err);
        return err.strip();
    }

    /**
     * Asserts that the command ended with a usage error (exit 2, one line on stderr) that names
     * {@code named}, e.g. the option at fault.
     */
    public void assertUsageErrorNaming(String named) {
        String error = assertOneLineError(2);
        assertTrue(error.contains(named), error);
    }

    /**
     * Runs the command line {@code commandLine} as typed after {@code bnlab}, each word {@value
     * CommandWords#VALUE} standing for the next of {@code values} (see {@link CommandWords#of}).
     */
    public static CommandRunner runLine(String commandLine, Object... values) {
        return run(CommandWords.of(commandLine, values));
    }

    /** Runs {@code bnlab args...}, each of {@code args} one word as the shell would pass it. */
    public static CommandRunner run(String... args) {
        CommandLine cmd = BnlabCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CommandRunner(code, out.toString(), err.toString());
    }
}
