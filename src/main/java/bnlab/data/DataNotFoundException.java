package bnlab.data;

/**
 * Fashion-MNIST is in none of the places searched (and, if tried, the download failed): the message
 * names each place and why it did not do. A front end adds how to get the data.
 */
public class DataNotFoundException extends DataUnavailableException {
    private static final long serialVersionUID = 1L;

    private final boolean downloadTried;

    /**
     * @param message one line naming the places tried and what each lacked
     * @param downloadTried whether a download was tried (and failed) after the search
     * @param cause the failed download, or null
     */
    public DataNotFoundException(String message, boolean downloadTried, Throwable cause) {
        super(message, cause);
        this.downloadTried = downloadTried;
    }

    /** Whether a download was tried after the search, and failed. */
    public boolean downloadTried() {
        return downloadTried;
    }
}
