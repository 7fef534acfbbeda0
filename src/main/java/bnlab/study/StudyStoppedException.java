package bnlab.study;

import bnlab.errors.Advice;
import bnlab.errors.AdvisedError;

/**
 * A study stopped on request before it finished. Every network finished before the stop is in
 * {@code runs.csv}; running the study again with the same output directory trains the rest, as the
 * advice of the exception that leaves {@link StudyRunner} says.
 */
public final class StudyStoppedException extends RuntimeException implements AdvisedError {

    private static final long serialVersionUID = 1L;

    private final Advice advice;

    /**
     * A stop with {@code problem} saying where and what was kept, and how to continue.
     *
     * @param problem where the study stopped and what it kept
     * @param advice how to continue, naming the {@code outputDirectory} setting; {@code null}
     *     inside a study, whose runner reports the stop with its advice
     */
    public StudyStoppedException(String problem, Advice advice) {
        super(AdvisedError.message(problem, advice));
        this.advice = advice;
    }

    /** {@inheritDoc} */
    @Override
    public Advice advice() {
        return advice;
    }
}
