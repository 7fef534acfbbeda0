package bnlab.cli;

import bnlab.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bnlab experiment}: holder of the experiments beyond the chapter. */
@Command(
        name = "experiment",
        mixinStandardHelpOptions = true,
        description = "Experiments around batch norm: the paper's Figure 1, a learning-rate sweep.",
        subcommands = {PaperFigure1Command.class, LrSweepCommand.class},
        footer = {"", "Example:", "  ./bnlab experiment paper-figure1 --steps 5000"})
public final class ExperimentCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "an experiment is required: paper-figure1 or lr-sweep");
    }

    /** {@code output}, or {@code runs/<name>-<timestamp>}. */
    static Path outputOrDefault(Path output, String name) {
        return output != null ? output : RunDirectory.defaultPath(name);
    }

    /**
     * Creates the output directory, which must be new or empty (as for a run directory).
     *
     * @throws IllegalArgumentException beginning with the path if it is not
     */
    static Path createOutput(Path output) throws Exception {
        RunDirectory.prepare(output);
        return Files.createDirectories(output);
    }
}
