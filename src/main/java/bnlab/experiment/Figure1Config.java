package bnlab.experiment;

/**
 * The settings of the Figure 1 experiment; each is validated here with a message naming its
 * command-line option.
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

    /** Validates every field. */
    public Figure1Config {
        requirePositive("--steps", steps);
        requirePositive("--every", every);
        if (every > steps) {
            throw new IllegalArgumentException(
                    "--every (" + every + ") must not exceed --steps (" + steps + ")");
        }
        requirePositive("--batch-size", batchSize);
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException(
                    "--lr must be a positive finite number, got " + learningRate);
        }
        if (!(initSigma > 0) || Float.isInfinite(initSigma)) {
            throw new IllegalArgumentException(
                    "--init-sigma must be a positive finite number, got " + initSigma);
        }
        requirePositive("--probe-images", probeImages);
        if (probedUnit < 0 || probedUnit >= Figure1Network.HIDDEN_UNITS) {
            throw new IllegalArgumentException(
                    "--unit must be in 0.."
                            + (Figure1Network.HIDDEN_UNITS - 1)
                            + ", got "
                            + probedUnit);
        }
        requirePositive("--threads", threads);
    }

    private static void requirePositive(String option, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + value);
        }
    }
}
