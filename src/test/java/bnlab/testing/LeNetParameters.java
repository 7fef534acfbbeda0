package bnlab.testing;

/**
 * The chapter's LeNet counted by hand, for tests that check a parameter count against the
 * architecture rather than against the code that counts.
 */
public final class LeNetParameters {

    /**
     * Weights and biases of conv 1→6 and 6→16 (5x5) and of linear 256→120→84→10: 44,426, the
     * trainable values of LeNet without normalizers.
     */
    public static final long PLAIN =
            (1 * 6 * 25 + 6)
                    + (6 * 16 * 25 + 16)
                    + (256 * 120 + 120)
                    + (120 * 84 + 84)
                    + (84 * 10 + 10);

    /** γ and β of every normalized channel (6 + 16 + 120 + 84): 452. */
    public static final long AFFINE = 2 * (6 + 16 + 120 + 84);

    private LeNetParameters() {}
}
