package bnlab.model;

/** What normalizes the output of one of LeNet's four conv or hidden linear layers. */
public enum Normalizer {
    /** No normalization. */
    NONE("none"),
    /** The chapter's from-scratch batch norm ({@link bnlab.nn.ScratchBatchNorm}). */
    SCRATCH("scratch"),
    /** DJL's built-in {@link ai.djl.nn.norm.BatchNorm} (the chapter's concise version). */
    DJL("djl"),
    /** Mean-only batch norm, y = x − μ + β ({@link bnlab.nn.LiteNorm}). */
    MEAN_ONLY("mean"),
    /** Variance-only batch norm, y = γ·x/√(σ² + ε) ({@link bnlab.nn.LiteNorm}). */
    VARIANCE_ONLY("variance");

    private final String cliName;

    Normalizer(String cliName) {
        this.cliName = cliName;
    }

    /**
     * The lower-case name used in the network text form, e.g. {@code mean}.
     *
     * @return the name
     */
    @Override
    public String toString() {
        return cliName;
    }
}
