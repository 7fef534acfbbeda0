package bnlab.study;

import bnlab.errors.Advice;
import bnlab.errors.AdvisedError;
import bnlab.errors.UserInputError;

/**
 * An output directory that cannot hold this study: it holds another study, the same study with
 * other settings, or files that are not a study's. The message is one line naming the difference
 * and, where another directory would do, advising one; the command line exits 2 for it, as for any
 * bad input.
 */
public final class StudyDirectoryException extends Exception
        implements UserInputError, AdvisedError {

    private static final long serialVersionUID = 1L;

    private final Advice advice;

    /** A refusal explained by {@code message}. */
    public StudyDirectoryException(String message) {
        this(message, null);
    }

    /**
     * A refusal explained by {@code problem}, with what to do about it.
     *
     * @param problem what the directory holds that this study cannot use
     * @param advice what to do, naming the {@code outputDirectory} setting
     */
    public StudyDirectoryException(String problem, Advice advice) {
        super(AdvisedError.message(problem, advice));
        this.advice = advice;
    }

    /** {@inheritDoc} */
    @Override
    public Advice advice() {
        return advice;
    }
}
