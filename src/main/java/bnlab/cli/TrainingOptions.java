package bnlab.cli;

import bnlab.model.Variant;
import bnlab.train.OptimizerKind;
import bnlab.train.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** The training options that {@code train} and {@code compare} share (all but the variant). */
final class TrainingOptions {

    @Option(names = "--epochs", defaultValue = "" + TrainingConfig.DEFAULT_EPOCHS,
            description = "Passes over the 60,000 training images.")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "" + TrainingConfig.DEFAULT_BATCH_SIZE,
            description = "Examples per mini-batch.")
    int batchSize;

    @Option(names = "--lr", defaultValue = "" + TrainingConfig.DEFAULT_LEARNING_RATE,
            description = "Learning rate.")
    float learningRate;

    @Option(
            names = "--optimizer",
            defaultValue = "adam",
            description = "Optimizer: ${COMPLETION-CANDIDATES}.",
            completionCandidates = OptimizerNames.class)
    String optimizer;

    @Option(names = "--seed", defaultValue = "" + TrainingConfig.DEFAULT_SEED,
            description = "Seed of weight initialisation and shuffling.")
    long seed;

    @Option(names = "--data-dir", description = "Directory with the four Fashion-MNIST files"
            + " (default: search $FASHION_MNIST_DIR, ~/.cache/bnlab/fashion-mnist,"
            + " /usr/share/datasets/fashion-mnist, then download).")
    Path dataDir;

    @Option(names = "--limit-batches", description = "Use only the first N batches of each split"
            + " per epoch, for quick checks (default: all).")
    Integer limitBatches;

    @Option(names = "--threads", description = "PyTorch threads (default: the number of cores).")
    Integer threads;

    /**
     * The settings for training {@code variant} with these options.
     *
     * @throws IllegalArgumentException naming the bad option
     */
    TrainingConfig toConfig(Variant variant) {
        return new TrainingConfig(
                variant,
                epochs,
                batchSize,
                learningRate,
                OptimizerKind.parse(optimizer),
                seed,
                limitBatches,
                threads == null ? Runtime.getRuntime().availableProcessors() : threads);
    }

    /** Completion candidates (and the help text) of {@code --optimizer}. */
    static final class OptimizerNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        OptimizerNames() {
            Arrays.stream(OptimizerKind.values()).forEach(k -> add(k.cliName()));
        }
    }
}
