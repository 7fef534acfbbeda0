package bnlab.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The {@code --verbose} option every command shares: DJL's logs and stack traces on stderr. */
public final class VerboseOption {

    private static final String NAME = "--verbose";
    private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    @Option(
            names = {"-v", NAME},
            description = "Show DJL's start-up logs and stack traces of errors.")
    boolean verbose;

    /**
     * Applies the option to logging. Must run before DJL's first log line, which is when the logger
     * reads its level.
     */
    void apply() {
        if (verbose) {
            System.setProperty(LOG_LEVEL_PROPERTY, "info");
        }
    }

    static boolean isVerbose(CommandLine.ParseResult result) {
        for (CommandLine.ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption(NAME)) {
                return true;
            }
        }
        return false;
    }
}
