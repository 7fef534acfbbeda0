package bnlab.bench;

import bnlab.errors.UserInputError;

/** A scaling CSV that cannot be read or merged: its message names the file and what is wrong. */
public final class ScalingCsvException extends IllegalArgumentException implements UserInputError {

    private static final long serialVersionUID = 1L;

    /** With a one-line message naming the file. */
    public ScalingCsvException(String message) {
        super(message);
    }
}
