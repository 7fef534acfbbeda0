package bnlab.study;

/**
 * An output directory that cannot hold this study: it holds another study, the same study with
 * other settings, or files that are not a study's. The message is one line naming the difference.
 */
public final class StudyDirectoryException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A refusal explained by {@code message}. */
    public StudyDirectoryException(String message) {
        super(message);
    }
}
