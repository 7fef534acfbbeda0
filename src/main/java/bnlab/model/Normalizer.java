package bnlab.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What normalizes the output of one of LeNet's four conv or hidden linear layers: a {@link Kind}
 * and, for group normalization, the number of groups. Written {@code group:G} in the network text
 * form, every other kind by its name alone.
 *
 * @param kind the kind of normalization
 * @param groups the number of groups of {@link Kind#GROUP}, at least 1; 0 for every other kind
 */
public record Normalizer(Kind kind, int groups) {

    /** The kinds of normalization a site can have. */
    public enum Kind {
        /** No normalization. */
        NONE("none"),
        /** The chapter's from-scratch batch norm ({@link bnlab.nn.ScratchBatchNorm}). */
        SCRATCH("scratch"),
        /** DJL's built-in {@link ai.djl.nn.norm.BatchNorm} (the chapter's concise version). */
        DJL("djl"),
        /** Mean-only batch norm, y = x − μ + β ({@link bnlab.nn.LiteNorm}). */
        MEAN_ONLY("mean"),
        /** Variance-only batch norm, y = γ·x/√(σ² + ε) ({@link bnlab.nn.LiteNorm}). */
        VARIANCE_ONLY("variance"),
        /** Batch renormalization ({@link bnlab.nn.BatchRenormOps}), r_max 3, d_max 5. */
        BATCH_RENORM("batch-renorm"),
        /** Layer normalization: group norm with one group ({@link bnlab.nn.GroupNorm}). */
        LAYER("layer"),
        /** Group normalization with G groups ({@link bnlab.nn.GroupNorm}). */
        GROUP("group"),
        /** Instance normalization: group norm with one group per channel. */
        INSTANCE("instance");

        private final String cliName;

        Kind(String cliName) {
            this.cliName = cliName;
        }

        /** The name in the network text form, e.g. {@code batch-renorm}. */
        @Override
        public String toString() {
            return cliName;
        }
    }

    /** No normalization. */
    public static final Normalizer NONE = of(Kind.NONE);

    /** The chapter's from-scratch batch norm. */
    public static final Normalizer SCRATCH = of(Kind.SCRATCH);

    /** DJL's built-in batch norm. */
    public static final Normalizer DJL = of(Kind.DJL);

    /** Mean-only batch norm. */
    public static final Normalizer MEAN_ONLY = of(Kind.MEAN_ONLY);

    /** Variance-only batch norm. */
    public static final Normalizer VARIANCE_ONLY = of(Kind.VARIANCE_ONLY);

    /** Batch renormalization. */
    public static final Normalizer BATCH_RENORM = of(Kind.BATCH_RENORM);

    /** Layer normalization. */
    public static final Normalizer LAYER = of(Kind.LAYER);

    /** Instance normalization. */
    public static final Normalizer INSTANCE = of(Kind.INSTANCE);

    /** The limit of batch renormalization's r at every site: the paper's final value. */
    public static final float RENORM_R_MAX = 3f;

    /** The limit of batch renormalization's d at every site: the paper's final value. */
    public static final float RENORM_D_MAX = 5f;

    /** Checks that only group normalization has groups, and it at least one. */
    public Normalizer {
        if (kind == null) {
            throw new IllegalArgumentException("normalizer kind must not be null");
        }
        if (kind == Kind.GROUP ? groups < 1 : groups != 0) {
            throw new IllegalArgumentException(
                    kind == Kind.GROUP
                            ? "group normalization needs at least 1 group, got " + groups
                            : kind + " takes no number of groups, got " + groups);
        }
    }

    private static Normalizer of(Kind kind) {
        return new Normalizer(kind, 0);
    }

    /**
     * Group normalization with {@code groups} groups.
     *
     * @param groups at least 1, dividing the channels of every site it is used at
     * @return the normalizer
     */
    public static Normalizer group(int groups) {
        return new Normalizer(Kind.GROUP, groups);
    }

    /** Every accepted form, for messages: {@code none, scratch, …, group:G, instance}. */
    public static String forms() {
        return Arrays.stream(Kind.values())
                .map(k -> k == Kind.GROUP ? "group:G" : k.toString())
                .collect(Collectors.joining(", "));
    }

    /**
     * Whether it normalizes with batch statistics in training and moving ones in inference, so that
     * inference is an affine map per channel that {@code bnlab fold} can fold: batch norm of either
     * implementation and batch renormalization.
     */
    public boolean isFoldable() {
        return kind == Kind.SCRATCH || kind == Kind.DJL || kind == Kind.BATCH_RENORM;
    }

    /** The text form: {@code group:G} or the kind's name. */
    @Override
    public String toString() {
        return kind == Kind.GROUP ? "group:" + groups : kind.toString();
    }
}
