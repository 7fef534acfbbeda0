package bnlab.data;

/**
 * Base of every error raised by {@code bnlab.data}.
 *
 * <p>Unchecked, because callers (the CLI) can do nothing but report it. The message is always a
 * single line that names the file, directory or URL involved, what was expected and what was found,
 * so it can be printed as-is.
 */
public class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message one-line description of the problem
     */
    public DataException(String message) {
        super(oneLine(message));
    }

    /**
     * @param message one-line description of the problem
     * @param cause the underlying failure
     */
    public DataException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    // Messages embed text from the JDK (e.g. exception messages); keep them printable on one line.
    private static String oneLine(String message) {
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
