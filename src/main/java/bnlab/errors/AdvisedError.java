package bnlab.errors;

/**
 * Marks an exception whose message is a problem followed by an {@link Advice} in the library's
 * words, {@code problem() + advice()}, so that a front end can say the advice in its own: {@code
 * problem() + advice().naming(option)}. Build the message with {@link #message}.
 */
public interface AdvisedError {

    /**
     * The message, {@link Throwable#getMessage()}.
     *
     * @return the problem and the advice in the library's words
     */
    String getMessage();

    /**
     * What to do about the problem, or {@code null} when the message gives no advice.
     *
     * @return the advice, or {@code null}
     */
    Advice advice();

    /**
     * What went wrong: the message without its advice.
     *
     * @return e.g. {@code training diverged at epoch 2, batch 3 (loss NaN)}
     */
    default String problem() {
        String message = getMessage();
        Advice advice = advice();
        return advice == null
                ? message
                : message.substring(0, message.length() - advice.toString().length());
    }

    /**
     * The message of an advised error.
     *
     * @param problem what went wrong
     * @param advice what to do, or {@code null}
     * @return {@code problem} followed by {@code advice} in the library's words
     */
    static String message(String problem, Advice advice) {
        return advice == null ? problem : problem + advice;
    }
}
