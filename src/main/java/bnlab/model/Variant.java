package bnlab.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which normalisation LeNet uses after its conv and hidden linear layers. */
public enum Variant {
    /** The chapter's from-scratch batch norm ({@link bnlab.nn.ScratchBatchNorm}). */
    SCRATCH,
    /** DJL's built-in {@link ai.djl.nn.norm.BatchNorm} (the chapter's concise version). */
    CONCISE,
    /** No normalisation: the baseline that batch norm is compared against. */
    PLAIN;

    /** The lower-case name used on the command line and in run directories. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a command-line name.
     *
     * @throws IllegalArgumentException naming the bad value and the accepted ones
     */
    public static Variant parse(String name) {
        for (Variant v : values()) {
            if (v.cliName().equals(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException(
                "unknown variant '" + name + "', expected one of " + names());
    }

    /** The accepted names, comma separated, for messages and help. */
    public static String names() {
        return Arrays.stream(values()).map(Variant::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName();
    }
}
