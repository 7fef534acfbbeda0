package bnlab.data;

/**
 * The data cannot be obtained: files missing from a directory, a file that cannot be read, or a
 * failed download (HTTP error, connection failure, timeout, checksum mismatch).
 */
public class DataUnavailableException extends DataException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one-line description naming the place tried and what went wrong
     */
    public DataUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message one-line description naming the place tried and what went wrong
     * @param cause the underlying failure
     */
    public DataUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
