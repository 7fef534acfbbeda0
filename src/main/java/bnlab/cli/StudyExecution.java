package bnlab.cli;

import bnlab.data.FashionMnist;
import bnlab.io.DirectoryClaim;
import bnlab.run.RunDirectory;
import bnlab.studies.LeNetStudyTrainer;
import bnlab.study.Study;
import bnlab.study.StudyConfig;
import bnlab.study.StudyListener;
import bnlab.study.StudyOutputs;
import bnlab.study.StudyPlan;
import bnlab.study.StudyResults;
import bnlab.study.StudyRun;
import bnlab.study.StudyRunner;
import bnlab.study.StudyStoppedException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs a study on Fashion-MNIST in this JVM for a command: {@code study}, and {@code compare} and
 * {@code experiment lr-sweep} with {@code --seeds}. Prints a line per network, stops at a batch
 * boundary on SIGINT/SIGTERM saying how to continue, writes every output into the claimed
 * directory, and prints the answer last.
 */
final class StudyExecution {

    /**
     * The most seeds per configuration: at 100 the interval's t quantile (1.98) is within 1% of the
     * normal one, so more seeds only narrow it as 1/√n at a proportional cost in time.
     */
    static final int MAX_SEEDS = 100;

    /** The range of every {@code --seeds} option, as help texts state it. */
    static final String SEEDS_RANGE = "1.." + MAX_SEEDS;

    private StudyExecution() {}

    /**
     * Refuses each of {@code options} given on the command line together with {@code --seeds}
     * {@code seeds}: one usage error, {@code OPTION cannot be combined with --seeds N: WHY}.
     *
     * @throws CommandLine.ParameterException naming the first such option
     */
    static void refuseWithSeeds(CommandSpec spec, int seeds, String why, String... options) {
        for (String option : options) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        option + " cannot be combined with --seeds " + seeds + ": " + why);
            }
        }
    }

    /**
     * Claims the study's directory: {@code output} if given (new, empty, or one the same study was
     * stopped in), else a new {@code runs/NAME-<timestamp>}.
     *
     * @throws CommandLine.ParameterException naming {@code --output} if it cannot be used
     */
    static DirectoryClaim claim(CommandSpec spec, Path output, String name) throws Exception {
        return UsageErrors.checkOption(
                spec,
                "--output",
                () ->
                        output != null
                                ? DirectoryClaim.claim(output)
                                : DirectoryClaim.claimNew(RunDirectory.defaultPath(name)));
    }

    /**
     * Trains every network of {@code study} not yet in the claimed directory, writes the outputs
     * and prints the answer.
     *
     * @param batchSize examples per mini-batch of every network
     * @return the results of every network
     * @throws StudyStoppedException after a stop request, the finished networks saved
     */
    static StudyResults run(
            CommandSpec spec,
            RuntimeOptions runtime,
            Study study,
            StudyPlan plan,
            int batchSize,
            DirectoryClaim claim)
            throws Exception {
        Path dir = claim.directory();
        FashionMnist data = runtime.start(spec);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                Locale.ROOT,
                "study %s: %d configurations, %s, into %s%n",
                study.name(),
                study.configs().size(),
                StudyCommand.describe(study, plan),
                dir);
        out.flush();
        StudyResults results;
        try (ShutdownStop stop = ShutdownStop.install()) {
            StudyRunner runner =
                    new StudyRunner(
                            study,
                            plan,
                            LeNetStudyTrainer.sharedSettings(study, batchSize),
                            new LeNetStudyTrainer(data, batchSize, runtime.threads()),
                            stop::requested,
                            new Progress(out, dir));
            try {
                results = runner.run(dir);
            } catch (StudyStoppedException e) {
                claim.close(); // before the JVM is let go
                stop.stopped(spec.commandLine().getErr(), Messages.of(e));
                throw e;
            }
        }
        out.println(
                "saved in "
                        + dir
                        + ": runs.csv, epochs.csv, "
                        + StudyOutputs.SUMMARY_CSV
                        + ", charts, "
                        + StudyOutputs.REPORT_HTML
                        + ", "
                        + StudyOutputs.ANSWER_MD);
        out.println();
        out.println("Answer (" + study.name() + "):");
        out.println(study.answer(results));
        out.flush();
        return results;
    }

    /** Prints one line per network: which, then its final figures and wall time. */
    private static final class Progress implements StudyListener {
        private final PrintWriter out;
        private final Path dir;
        private long startedAt;

        Progress(PrintWriter out, Path dir) {
            this.out = out;
            this.dir = dir;
        }

        @Override
        public void resumed(int done, int total) {
            out.printf(
                    Locale.ROOT,
                    "continuing: %d of %d networks are already in %s%n",
                    done,
                    total,
                    dir);
            out.flush();
        }

        @Override
        public void started(StudyConfig config, long seed, int index, int total) {
            startedAt = System.nanoTime();
            out.printf(Locale.ROOT, "[%d/%d] %s, seed %d: ", index, total, config.name(), seed);
            out.flush();
        }

        @Override
        public void finished(StudyRun run, int index, int total) {
            double seconds = (System.nanoTime() - startedAt) / 1e9;
            if (run.diverged()) {
                out.printf(
                        Locale.ROOT,
                        "diverged (non-finite loss) in epoch %d, %.1f s%n",
                        run.epochs().size() + 1,
                        seconds);
            } else {
                out.printf(
                        Locale.ROOT,
                        "test acc %.4f, train acc %.4f, loss %.4f, %.1f s%n",
                        run.testAccuracy(),
                        run.trainAccuracy(),
                        run.loss(),
                        seconds);
            }
            out.flush();
        }
    }
}
