package bnlab.train;

import bnlab.model.Variant;
import java.util.Objects;

/**
 * The settings of one training run. Each field is validated here, once, with a message that names
 * the command-line option it comes from.
 *
 * @param variant which LeNet to train
 * @param epochs number of passes over the training split
 * @param batchSize examples per mini-batch
 * @param learningRate the optimizer's fixed learning rate
 * @param optimizer the optimizer
 * @param seed seeds weight initialisation and the shuffling of every epoch
 * @param limitBatches if not null, only the first this many batches of each split per epoch
 * @param threads PyTorch intra-op threads
 */
public record TrainingConfig(
        Variant variant,
        int epochs,
        int batchSize,
        float learningRate,
        OptimizerKind optimizer,
        long seed,
        Integer limitBatches,
        int threads) {

    /** The chapter's number of epochs. */
    public static final int DEFAULT_EPOCHS = 5;

    /** The chapter's batch size. */
    public static final int DEFAULT_BATCH_SIZE = 256;

    /** The chapter's learning rate for Adam. */
    public static final float DEFAULT_LEARNING_RATE = 0.001f;

    /** The default seed. */
    public static final long DEFAULT_SEED = 42;

    /** Validates every field. */
    public TrainingConfig {
        Objects.requireNonNull(variant, "variant (--variant) must be set");
        Objects.requireNonNull(optimizer, "optimizer (--optimizer) must be set");
        requirePositive("--epochs", epochs);
        requirePositive("--batch-size", batchSize);
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException(
                    "--lr must be a positive finite number, got " + learningRate);
        }
        if (limitBatches != null) {
            requirePositive("--limit-batches", limitBatches);
        }
        requirePositive("--threads", threads);
    }

    /**
     * How many batches of a split of {@code count} examples one evaluation pass uses: all of them,
     * the last one possibly partial, or the first {@code limitBatches}.
     */
    public int batchesPerEpoch(int count) {
        return limit(count / batchSize + (count % batchSize > 0 ? 1 : 0));
    }

    /**
     * How many batches of a training split of {@code count} examples one epoch trains on: as {@link
     * #batchesPerEpoch}, except that a last batch of a single example is dropped, since batch norm
     * cannot normalize one example (PyTorch's {@code drop_last}, applied only when needed: 60,000
     * examples in batches of 256 keep their last batch of 96).
     */
    public int trainingBatchesPerEpoch(int count) {
        return limit(count / batchSize + (count % batchSize > 1 ? 1 : 0));
    }

    private int limit(int batches) {
        return limitBatches == null ? batches : Math.min(batches, limitBatches);
    }

    private static void requirePositive(String option, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + value);
        }
    }
}
