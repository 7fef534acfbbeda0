package bnlab.cli;

import bnlab.train.TrainingConfig;

/**
 * The ranges of the options several commands share, as their help texts state them (compile-time
 * constants, as picocli's annotations need); the records check them.
 */
final class OptionRanges {

    static final String EPOCHS = "1.." + TrainingConfig.MAX_EPOCHS;

    static final String BATCH_SIZE =
            TrainingConfig.MIN_BATCH_SIZE + ".." + TrainingConfig.MAX_BATCH_SIZE;

    /** Inference has no batch statistics to need two examples for (except --statistics batch). */
    static final String EVAL_BATCH_SIZE = "1.." + TrainingConfig.MAX_BATCH_SIZE;

    static final String LEARNING_RATE = "in (0, " + TrainingConfig.MAX_LEARNING_RATE + "]";

    static final String SEED = "0.." + TrainingConfig.MAX_SEED;

    static final String LIMIT_BATCHES = "1.." + Integer.MAX_VALUE;

    static final String THREADS = "1.." + TrainingConfig.MAX_THREADS;

    private OptionRanges() {}
}
