package bnlab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs a bnlab command line in-process and captures what it prints. */
final class CommandRunner {

    final int exitCode;
    final String out;
    final String err;

    private CommandRunner(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static CommandRunner run(String... args) {
        CommandLine cmd = BnlabCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CommandRunner(code, out.toString(), err.toString());
    }
}
