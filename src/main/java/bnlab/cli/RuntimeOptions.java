package bnlab.cli;

import bnlab.data.FashionMnist;
import bnlab.errors.Ranges;
import bnlab.train.TrainingConfig;
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

    @Option(
            names = "--threads",
            description =
                    "PyTorch threads, " + OptionRanges.THREADS + " (default: the number of cores).")
    Integer threads;

    /** The thread count to use: the option, or one per core (at most the documented maximum). */
    int threads() {
        return threads == null
                ? Math.min(Runtime.getRuntime().availableProcessors(), TrainingConfig.MAX_THREADS)
                : threads;
    }

    /**
     * Sets PyTorch's threads (before the engine starts) and finds the data.
     *
     * @throws CommandLine.ParameterException (exit 2) for {@code --threads} out of range or a
     *     {@code --data-dir} lacking files
     */
    FashionMnist start(CommandLine.Model.CommandSpec spec) {
        configureEngine(spec);
        return DataLocation.locate(spec, dataDir);
    }

    /**
     * Sets PyTorch's threads, which it reads once when it starts: before a saved model is loaded.
     *
     * @throws CommandLine.ParameterException (exit 2) for {@code --threads} out of range
     */
    void configureEngine(CommandLine.Model.CommandSpec spec) {
        try {
            Ranges.check("--threads", threads(), 1, TrainingConfig.MAX_THREADS);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        EngineThreads.configure(threads());
    }
}
