package bnlab.run;

import bnlab.errors.UserInputError;

/**
 * A run directory cannot be used: it is missing, is not a run directory, or one of its files is
 * unreadable, corrupt, truncated or written by another variant or architecture. The message is one
 * line naming the file and the reason, so commands print it as-is (exit 2: bad input).
 */
public final class SavedRunException extends IllegalArgumentException implements UserInputError {
    private static final long serialVersionUID = 1L;

    /** A problem without an underlying exception. */
    public SavedRunException(String message) {
        super(message);
    }

    /** A problem caused by {@code cause} (kept for {@code --verbose} stack traces). */
    public SavedRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
