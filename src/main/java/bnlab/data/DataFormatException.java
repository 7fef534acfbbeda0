package bnlab.data;

import bnlab.errors.UserInputError;

/**
 * A data file exists but its content is wrong: bad IDX header, truncated or trailing data, corrupt
 * gzip, inconsistent images/labels, labels outside 0..9, images not 28x28.
 */
public class DataFormatException extends DataException implements UserInputError {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one-line description naming the file, what was expected and what was found
     */
    public DataFormatException(String message) {
        super(message);
    }

    /**
     * @param message one-line description naming the file, what was expected and what was found
     * @param cause the underlying failure
     */
    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
