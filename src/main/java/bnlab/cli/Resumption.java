package bnlab.cli;

import ai.djl.Model;
import bnlab.train.ClassifierTrainer;
import bnlab.train.EpochMetrics;
import bnlab.train.SavedRun;
import bnlab.train.TrainingConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import picocli.CommandLine;

/**
 * {@code train --resume RUN_DIR}: the saved run's settings (an explicit option that contradicts
 * them is a usage error; only {@code --epochs} may change, to train more), its last checkpoint and
 * its metrics so far. Kept apart from {@link TrainCommand} so the epoch loop stays one loop.
 */
final class Resumption {

    private final SavedRun run;
    private final TrainingConfig config;

    private Resumption(SavedRun run, TrainingConfig config) {
        this.run = run;
        this.config = config;
    }

    /**
     * Opens the run and settles the settings: config.json's, with {@code --epochs} if given (else
     * the run's planned total) and this machine's thread count.
     *
     * @param requested the settings the command line gave, defaults included
     * @throws CommandLine.ParameterException if an explicit option contradicts the run, or there is
     *     no epoch left to train
     */
    static Resumption open(
            CommandLine.Model.CommandSpec spec, SavedRun run, TrainingConfig requested) {
        TrainingConfig saved = run.trainingConfig(requested.threads());
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        refuseConflict(spec, parsed, "--variant", saved.variant(), requested.variant(), run);
        refuseConflict(spec, parsed, "--batch-size", saved.batchSize(), requested.batchSize(), run);
        refuseConflict(spec, parsed, "--lr", saved.learningRate(), requested.learningRate(), run);
        refuseConflict(spec, parsed, "--optimizer", saved.optimizer(), requested.optimizer(), run);
        refuseConflict(spec, parsed, "--seed", saved.seed(), requested.seed(), run);
        refuseConflict(
                spec,
                parsed,
                "--limit-batches",
                saved.limitBatches(),
                requested.limitBatches(),
                run);
        if (parsed.hasMatchedOption("--output")) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--output cannot be combined with --resume: a resumed run stays in its directory");
        }
        int epochs = parsed.hasMatchedOption("--epochs") ? requested.epochs() : saved.epochs();
        if (epochs <= run.lastEpoch()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    run.directory()
                            + " already has "
                            + run.lastEpoch()
                            + " epoch(s); pass --epochs above "
                            + run.lastEpoch()
                            + " to train more");
        }
        return new Resumption(
                run,
                new TrainingConfig(
                        saved.variant(),
                        epochs,
                        saved.batchSize(),
                        saved.learningRate(),
                        saved.optimizer(),
                        saved.seed(),
                        saved.limitBatches(),
                        saved.threads()));
    }

    /** The settings to train with. */
    TrainingConfig config() {
        return config;
    }

    /** The saved run. */
    SavedRun run() {
        return run;
    }

    /** The metrics of the completed epochs, to which the new ones are appended. */
    List<EpochMetrics> history() {
        return new ArrayList<>(run.metrics());
    }

    /**
     * The last checkpoint, in a model for {@link ClassifierTrainer} (which keeps loaded weights).
     */
    Model loadModel() {
        return run.loadModel();
    }

    /**
     * Measures test accuracy before training on and compares it with the checkpoint's: fresh
     * weights would score about 0.1, so a match shows the parameters and moving statistics were
     * restored.
     *
     * @throws IllegalStateException if they differ by more than thread-count rounding explains
     */
    void checkRestored(ClassifierTrainer trainer, PrintWriter log) {
        double now = trainer.testAccuracy();
        double saved = run.metrics().get(run.metrics().size() - 1).testAccuracy();
        String line =
                String.format(
                        Locale.ROOT,
                        "resumed %s after epoch %d: test acc %.3f" + " (checkpoint %.3f)",
                        run.directory(),
                        run.lastEpoch(),
                        now,
                        saved);
        if (Math.abs(now - saved) > 0.005) {
            throw new IllegalStateException(line + ": the checkpoint was not restored");
        }
        log.println(line);
        log.flush();
    }

    private static void refuseConflict(
            CommandLine.Model.CommandSpec spec,
            CommandLine.ParseResult parsed,
            String option,
            Object saved,
            Object given,
            SavedRun run) {
        if (parsed.hasMatchedOption(option) && !Objects.equals(saved, given)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    option
                            + " "
                            + given
                            + " conflicts with the run's "
                            + saved
                            + " in "
                            + run.directory()
                            + "/config.json; a resumed run keeps its settings");
        }
    }
}
