package bnlab.cli;

import bnlab.data.FashionMnist;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of every command that runs the network on Fashion-MNIST: where the data is and how
 * many threads PyTorch uses.
 */
final class RuntimeOptions {

    @Option(
            names = "--data-dir",
            description =
                    "Directory with the four Fashion-MNIST files"
                            + " (default: search $FASHION_MNIST_DIR, ~/.cache/bnlab/fashion-mnist,"
                            + " /usr/share/datasets/fashion-mnist, then download).")
    Path dataDir;

    @Option(names = "--threads", description = "PyTorch threads (default: the number of cores).")
    Integer threads;

    /** The thread count to use: the option, or one per core. */
    int threads() {
        return threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /**
     * Sets PyTorch's threads (before the engine starts) and finds the data.
     *
     * @throws CommandLine.ParameterException (exit 2) for {@code --threads} below 1 or a {@code
     *     --data-dir} lacking files
     */
    FashionMnist start(CommandLine.Model.CommandSpec spec) {
        if (threads() < 1) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
        EngineThreads.configure(threads());
        return DataLocation.locate(spec, dataDir);
    }
}
