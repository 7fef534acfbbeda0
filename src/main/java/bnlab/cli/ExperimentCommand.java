package bnlab.cli;

import bnlab.io.AtomicFiles;
import bnlab.io.DirectoryClaim;
import bnlab.run.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

    /**
     * Claims the output directory before any work: {@code output}, which must be new or empty, or a
     * new {@code runs/<name>-<timestamp>} (numbered if taken).
     *
     * @throws CommandLine.ParameterException naming {@code --output} if it cannot be used
     */
    static DirectoryClaim claimOutput(CommandLine.Model.CommandSpec spec, Path output, String name)
            throws Exception {
        return UsageErrors.checkOption(
                spec,
                "--output",
                () ->
                        output != null
                                ? DirectoryClaim.claimEmpty(output, entry -> false)
                                : DirectoryClaim.claimNew(RunDirectory.defaultPath(name)));
    }

    /**
     * Rewrites {@code file} in the claimed directory with {@code text}, atomically, after checking
     * the directory is still this command's: for results saved as each one finishes.
     *
     * @throws UncheckedIOException naming the file (the callers are result callbacks)
     */
    static void save(DirectoryClaim claim, String file, String text) {
        Path path = claim.directory().resolve(file);
        try {
            claim.check();
            AtomicFiles.write(path, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": " + e.getMessage(), e);
        }
    }
}
