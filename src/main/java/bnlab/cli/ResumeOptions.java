package bnlab.cli;

import bnlab.run.Resumption;
import bnlab.run.SavedRun;
import bnlab.train.TrainingConfig;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine;

/**
 * What {@code train --resume RUN_DIR} accepts of the other options: an explicit option that
 * contradicts the run's {@code config.json} is a usage error; only {@code --epochs} may change, to
 * train more.
 */
final class ResumeOptions {

    private ResumeOptions() {}

    /**
     * The run with the settings to continue it with: config.json's, with {@code --epochs} if given
     * (else the run's planned total) and this machine's thread count.
     *
     * @param requested the settings the command line gave, defaults included
     * @throws CommandLine.ParameterException if an explicit option contradicts the run, or there is
     *     no epoch left to train
     */
    static Resumption settle(
            CommandLine.Model.CommandSpec spec, SavedRun run, TrainingConfig requested) {
        TrainingConfig saved = run.trainingConfig(requested.threads());
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        // the network is the one setting that two options give
        for (String option : List.of("--variant", "--network")) {
            refuseConflict(
                    spec,
                    parsed,
                    option,
                    saved.network().label(),
                    requested.network().label(),
                    run);
        }
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
        return Resumption.of(run, epochs, requested.threads());
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
