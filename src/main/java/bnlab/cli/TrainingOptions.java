package bnlab.cli;

import bnlab.model.NetworkConfig;
import bnlab.train.OptimizerKind;
import bnlab.train.TrainingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The training options that {@code train} and {@code compare} share (all but the network). */
final class TrainingOptions {

    @Option(
            names = "--epochs",
            defaultValue = "" + TrainingConfig.DEFAULT_EPOCHS,
            description = "Passes over the 60,000 training images, " + OptionRanges.EPOCHS + ".")
    int epochs;

    @Option(
            names = "--batch-size",
            defaultValue = "" + TrainingConfig.DEFAULT_BATCH_SIZE,
            description =
                    "Examples per mini-batch, "
                            + OptionRanges.BATCH_SIZE
                            + "; a last batch of one example is left out of the epoch.")
    int batchSize;

    @Option(
            names = "--lr",
            defaultValue = "" + TrainingConfig.DEFAULT_LEARNING_RATE,
            description = "Learning rate, " + OptionRanges.LEARNING_RATE + ".")
    float learningRate;

    @Option(
            names = "--optimizer",
            defaultValue = "adam",
            description = "Optimizer: ${COMPLETION-CANDIDATES}.",
            completionCandidates = OptimizerNames.class)
    String optimizer;

    @Option(
            names = "--seed",
            defaultValue = "" + TrainingConfig.DEFAULT_SEED,
            description = "Seed of weight initialisation and shuffling, " + OptionRanges.SEED + ".")
    long seed;

    @Option(
            names = "--limit-batches",
            description =
                    "Use only the first N batches of each split"
                            + " per epoch, for quick checks, "
                            + OptionRanges.LIMIT_BATCHES
                            + " (default: all).")
    Integer limitBatches;

    @Mixin RuntimeOptions runtime;

    /**
     * The settings for training {@code network} with these options.
     *
     * @throws IllegalArgumentException naming the bad option
     */
    TrainingConfig toConfig(NetworkConfig network) {
        return new TrainingConfig(
                network,
                epochs,
                batchSize,
                learningRate,
                OptimizerKind.parse(optimizer),
                seed,
                limitBatches,
                runtime.threads());
    }

    /** Completion candidates (and the help text) of {@code --optimizer}. */
    static final class OptimizerNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        OptimizerNames() {
            Arrays.stream(OptimizerKind.values()).forEach(k -> add(k.cliName()));
        }
    }
}
