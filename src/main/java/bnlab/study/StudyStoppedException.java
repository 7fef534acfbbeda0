package bnlab.study;

/**
 * A study stopped on request before it finished. Every network finished before the stop is in
 * {@code runs.csv}; running the study again with the same output directory trains the rest.
 */
public final class StudyStoppedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A stop with {@code message} saying where. */
    public StudyStoppedException(String message) {
        super(message);
    }
}
