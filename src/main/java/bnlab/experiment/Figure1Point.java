package bnlab.experiment;

/**
 * One measurement of the Figure 1 experiment.
 *
 * @param step training steps done
 * @param network {@link #WITHOUT_BN} or {@link #WITH_BN}
 * @param testAccuracy accuracy on the whole test split, inference mode
 * @param p15 15th percentile of the probed sigmoid's input over the probe batch
 * @param p50 its median
 * @param p85 its 85th percentile
 */
public record Figure1Point(
        int step, String network, double testAccuracy, double p15, double p50, double p85) {

    /** The network without batch norm. */
    public static final String WITHOUT_BN = "without-bn";

    /** The network with batch norm. */
    public static final String WITH_BN = "with-bn";

    /** Validates the fields. */
    public Figure1Point {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        if (!WITHOUT_BN.equals(network) && !WITH_BN.equals(network)) {
            throw new IllegalArgumentException(
                    "network must be " + WITHOUT_BN + " or " + WITH_BN + ", got " + network);
        }
        if (!(testAccuracy >= 0 && testAccuracy <= 1)) {
            throw new IllegalArgumentException(
                    "testAccuracy must be in [0, 1], got " + testAccuracy);
        }
    }
}
