package bnlab.testing;

import bnlab.data.DataConfig;
import bnlab.data.DataException;
import bnlab.data.FashionMnist;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Fashion-MNIST files, found the way {@code bnlab} finds them without {@code --data-dir}.
 * Every test that reads them is an {@code *IT} class marked {@code @ExtendWith(RealData.class)},
 * which checks for them before its first test.
 *
 * <p>When the files are missing such a class FAILS (it is not skipped) with one message saying how
 * to install them: CI installs them ({@code .ci/run}), and a suite that skipped silently would
 * report green while testing much less.
 */
public final class RealData implements BeforeAllCallback {

    private static FashionMnist data;

    /** Locates the data once per JVM; fails naming how to get it when it is not there. */
    public static synchronized FashionMnist fashionMnist() {
        if (data == null) {
            try {
                data = FashionMnist.locate(DataConfig.defaults(null));
            } catch (DataException e) {
                throw new ExtensionConfigurationException(
                        "these tests need the real Fashion-MNIST files: install them with"
                                + " 'apt-get install dataset-fashion-mnist' (as .ci/run does) or"
                                + " './bnlab data --download'; "
                                + e.getMessage(),
                        e);
            }
        }
        return data;
    }

    /** The directory holding the four files. */
    public static Path directory() {
        return fashionMnist().directory();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        fashionMnist();
    }
}
