package bnlab.experiment;

import bnlab.errors.Ranges;
import bnlab.train.TrainingConfig;

/**
 * The settings of the Figure 1 experiment; each is validated here with a {@link
 * bnlab.errors.SettingException} naming the field.
 *
 * @param steps training steps of each network
 * @param every measure every this many steps (and at step 0)
 * @param batchSize examples per mini-batch (the paper's 60)
 * @param learningRate SGD learning rate (the paper does not give one)
 * @param initSigma standard deviation of the Gaussian initial weights
 * @param probeImages how many of the first test images the percentiles are taken over
 * @param probedUnit which sigmoid of the last hidden layer is probed
 * @param seed seeds initialisation and the batch order
 * @param threads PyTorch intra-op threads
 */
public record Figure1Config(
        int steps,
        int every,
        int batchSize,
        float learningRate,
        float initSigma,
        int probeImages,
        int probedUnit,
        long seed,
        int threads) {

    /** The paper's 50,000 steps. */
    public static final int DEFAULT_STEPS = 50_000;

    /** Measure every 500 steps. */
    public static final int DEFAULT_EVERY = 500;

    /** The paper's 60 examples per mini-batch. */
    public static final int DEFAULT_BATCH_SIZE = 60;

    /** Our choice of SGD learning rate; the paper gives none. */
    public static final float DEFAULT_LEARNING_RATE = 0.5f;

    /** Our choice of "small random Gaussian values": N(0, 0.01²). */
    public static final float DEFAULT_INIT_SIGMA = 0.01f;

    /** The first 1000 test images. */
    public static final int DEFAULT_PROBE_IMAGES = 1000;

    /** The most steps: 20 times the paper's 50,000, several hours here. */
    public static final int MAX_STEPS = 1_000_000;

    /**
     * The largest initial standard deviation: at 10 every sigmoid of the network already starts
     * saturated, so larger values show nothing more.
     */
    public static final int MAX_INIT_SIGMA = 10;

    /** The most probe images: the 10,000 of the test split. */
    public static final int MAX_PROBE_IMAGES = 10_000;

    /** Validates every field, each against its documented range. */
    public Figure1Config {
        Ranges.check("steps", steps, 1, MAX_STEPS);
        Ranges.check("every", every, 1, steps);
        Ranges.check(
                "batchSize",
                batchSize,
                TrainingConfig.MIN_BATCH_SIZE,
                TrainingConfig.MAX_BATCH_SIZE);
        Ranges.checkPositive("learningRate", learningRate, TrainingConfig.MAX_LEARNING_RATE);
        Ranges.checkPositive("initSigma", initSigma, MAX_INIT_SIGMA);
        Ranges.check("probeImages", probeImages, 1, MAX_PROBE_IMAGES);
        Ranges.check("probedUnit", probedUnit, 0, Figure1Network.HIDDEN_UNITS - 1);
        Ranges.check("seed", seed, 0, TrainingConfig.MAX_SEED);
        Ranges.check("threads", threads, 1, TrainingConfig.MAX_THREADS);
    }

    /** These settings with another seed. */
    public Figure1Config withSeed(long seed) {
        return new Figure1Config(
                steps,
                every,
                batchSize,
                learningRate,
                initSigma,
                probeImages,
                probedUnit,
                seed,
                threads);
    }
}
