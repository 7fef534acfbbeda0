package bnlab.study;

import bnlab.errors.UserInputError;

/**
 * An output directory that cannot hold this study: it holds another study, the same study with
 * other settings, or files that are not a study's. The message is one line naming the difference;
 * the command line exits 2 for it, as for any bad input.
 */
public final class StudyDirectoryException extends Exception implements UserInputError {

    private static final long serialVersionUID = 1L;

    /** A refusal explained by {@code message}. */
    public StudyDirectoryException(String message) {
        super(message);
    }
}
