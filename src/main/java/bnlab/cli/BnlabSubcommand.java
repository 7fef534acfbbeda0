package bnlab.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/**
 * What every bnlab command that does work shares: its picocli spec (the command line it runs in,
 * its output streams) and the {@code --verbose} option, applied before the command runs. Picocli
 * reads the annotated fields of this superclass as the command's own.
 */
abstract class BnlabSubcommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin VerboseOption verbose;

    /** Applies {@code --verbose} (before DJL logs its first line), then runs the command. */
    @Override
    public final Integer call() throws Exception {
        verbose.apply();
        return execute();
    }

    /**
     * Does the command's work, its options parsed and {@code --verbose} applied.
     *
     * @return the exit code
     */
    abstract int execute() throws Exception;
}
