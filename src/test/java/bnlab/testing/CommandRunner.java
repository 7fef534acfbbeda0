package bnlab.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bnlab.cli.BnlabCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs a bnlab command line in-process and captures what it prints. */
public final class CommandRunner {

    public final int exitCode;
    public final String out;
    public final String err;

    private CommandRunner(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

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
