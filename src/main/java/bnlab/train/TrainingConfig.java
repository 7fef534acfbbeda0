package bnlab.train;

import bnlab.errors.Ranges;
import bnlab.model.NetworkConfig;
import java.util.Objects;

/**
 * The settings of one training run. Each value is validated here, once, with a {@link
 * bnlab.errors.SettingException} that names the field; {@code network} and {@code optimizer} must
 * not be null.
 *
 * @param network which LeNet to train (a preset such as {@code NetworkConfig.of(Variant.SCRATCH)}
 *     or any other configuration)
 * @param epochs number of passes over the training split
 * @param batchSize examples per mini-batch
 * @param learningRate the optimizer's fixed learning rate
 * @param optimizer the optimizer
 * @param seed seeds weight initialisation and the shuffling of every epoch
 * @param limitBatches if not null, only the first this many batches of each split per epoch
 * @param threads PyTorch intra-op threads
 */
public record TrainingConfig(
        NetworkConfig network,
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

    /**
     * The most epochs: far past where this network stops improving (its test accuracy levels off
     * within a few dozen epochs); 1000 epochs take about two hours on two cores.
     */
    public static final int MAX_EPOCHS = 1000;

    /**
     * The smallest batch: batch norm needs two examples to compute a variance (PyTorch refuses to
     * train on one).
     */
    public static final int MIN_BATCH_SIZE = 2;

    /**
     * The largest batch: LeNet's activations and gradients take about 0.2 MB an example, so 4096
     * examples need about 1 GB of native memory (--batch-size 2147483647 reached PyTorch's
     * allocator asking for 29 TB).
     */
    public static final int MAX_BATCH_SIZE = 4096;

    /**
     * The largest learning rate: 100. LeNet with batch norm still trains with SGD at 10 (test
     * accuracy 0.78 after two epochs of 80 batches), so {@code bnlab study lr} needs rates beyond
     * it to find where it fails; larger rates only produce numbers no chart can draw.
     */
    public static final int MAX_LEARNING_RATE = 100;

    /**
     * The largest seed: the engine takes the seed of the weight initialisation as a 32-bit int, so
     * larger seeds would silently repeat smaller ones' weights.
     */
    public static final long MAX_SEED = Integer.MAX_VALUE;

    /**
     * The most PyTorch threads: more than the machine's cores only slows training down, and PyTorch
     * starts every thread up front (--threads 100000 hung for over a minute); 256 covers the
     * largest machines.
     */
    public static final int MAX_THREADS = 256;

    /** Validates every field. */
    public TrainingConfig {
        Objects.requireNonNull(network, "network must be set");
        Objects.requireNonNull(optimizer, "optimizer must be set");
        Ranges.check("epochs", epochs, 1, MAX_EPOCHS);
        Ranges.check("batchSize", batchSize, MIN_BATCH_SIZE, MAX_BATCH_SIZE);
        Ranges.checkPositive("learningRate", learningRate, MAX_LEARNING_RATE);
        Ranges.check("seed", seed, 0, MAX_SEED);
        if (limitBatches != null) {
            Ranges.check("limitBatches", limitBatches, 1, Integer.MAX_VALUE);
        }
        Ranges.check("threads", threads, 1, MAX_THREADS);
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
}
