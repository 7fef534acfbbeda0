package bnlab.cli;

import bnlab.errors.UserInputError;
import bnlab.run.TrainingInterruptedException;
import bnlab.study.StudyStoppedException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code bnlab} command: only a holder of the subcommands. */
@Command(
        name = "bnlab",
        mixinStandardHelpOptions = true,
        versionProvider = Versions.class,
        description =
                "Batch normalization (Dive into Deep Learning 5.10) in Java: LeNet with"
                        + " from-scratch or built-in batch norm on Fashion-MNIST.",
        subcommands = {
            TrainCommand.class,
            CompareCommand.class,
            EvaluateCommand.class,
            PredictCommand.class,
            ReportCommand.class,
            DataCommand.class,
            BenchCommand.class,
            FoldCommand.class,
            RecalibrateCommand.class,
            ExperimentCommand.class,
            StudyCommand.class
        },
        footer = {"", "Example:", "  ./bnlab train --variant concise --epochs 5"})
public final class BnlabCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** Exit code of bad usage or bad input data. */
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

    /** Exit code of a failure while running. */
    public static final int EXIT_FAILURE = CommandLine.ExitCode.SOFTWARE;

    /**
     * Exit code of training stopped by SIGINT (128 + 2). The JVM, already shutting down on the
     * signal, exits with 128 + the signal's number itself: 130 for SIGINT, 143 for SIGTERM.
     */
    public static final int EXIT_INTERRUPTED = 130;

    /**
     * The one place that decides exit codes: bad usage and bad input 2, an interrupted training
     * {@link #EXIT_INTERRUPTED}, any other failure 1.
     */
    private static final CommandLine.IExitCodeExceptionMapper EXIT_CODES =
            ex -> {
                if (ex instanceof CommandLine.ParameterException || ex instanceof UserInputError) {
                    return EXIT_USAGE;
                }
                return stoppedOnRequest(ex) ? EXIT_INTERRUPTED : EXIT_FAILURE;
            };

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /**
     * The command line with bnlab's error handling: bad usage prints one line naming the command
     * and the problem and exits 2; a failure prints one line {@code bnlab: message} on stderr (the
     * stack trace only with {@code --verbose}) and exits 1, or 2 when the input data or the run
     * directory was bad.
     */
    public static CommandLine newCommandLine() {
        CommandLine cmd = new CommandLine(new BnlabCommand());
        cmd.setParameterExceptionHandler(
                (ex, args) -> {
                    CommandLine failed = ex.getCommandLine();
                    String name = failed.getCommandSpec().qualifiedName();
                    failed.getErr()
                            .println(
                                    name + ": " + ex.getMessage() + " (see '" + name + " --help')");
                    failed.getErr().flush();
                    return EXIT_CODES.getExitCode(ex);
                });
        cmd.setExecutionExceptionHandler(
                (ex, commandLine, parseResult) -> {
                    if (stoppedOnRequest(ex)) {
                        // Printed where training stopped; the JVM is exiting with 128 + signal.
                        return EXIT_CODES.getExitCode(ex);
                    }
                    PrintWriter err = commandLine.getErr();
                    err.println("bnlab: " + Messages.of(ex));
                    if (VerboseOption.isVerbose(parseResult)) {
                        ex.printStackTrace(err);
                    }
                    err.flush();
                    return EXIT_CODES.getExitCode(ex);
                });
        cmd.setExitCodeExceptionMapper(EXIT_CODES);
        cmd.getSubcommands()
                .get("study")
                .getCommandSpec()
                .usageMessage()
                .footer(studyFooter(cmd.getSubcommands().get("study")));
        return cmd;
    }

    /** The study command's footer with the list of studies, which the annotation cannot hold. */
    private static String[] studyFooter(CommandLine study) {
        List<String> footer =
                new ArrayList<>(List.of("", "Studies and their defaults (--list says more):"));
        StudyCommand.defaults().forEach(line -> footer.add("  " + line));
        footer.addAll(List.of(study.getCommandSpec().usageMessage().footer()));
        return footer.toArray(String[]::new);
    }

    /** A training or study stopped by a signal (or a stop check): reported where it stopped. */
    private static boolean stoppedOnRequest(Throwable ex) {
        return ex instanceof TrainingInterruptedException || ex instanceof StudyStoppedException;
    }
}
