package bnlab.cli;

import bnlab.data.DataConfig;
import bnlab.data.DataUnavailableException;
import bnlab.data.FashionMnist;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine;

/** Finds Fashion-MNIST for a command, treating an incomplete {@code --data-dir} as bad usage. */
final class DataLocation {

    private DataLocation() {}

    /**
     * {@link FashionMnist#locate} with the usual search (downloading if nothing is found).
     *
     * @throws CommandLine.ParameterException (exit 2) if the directory the user named lacks files:
     *     bad input, not a failure of bnlab
     */
    static FashionMnist locate(CommandLine.Model.CommandSpec spec, Path dataDir) {
        return search(spec, dataDir, FashionMnist::locate);
    }

    /** {@link FashionMnist#find}: the same search without the download, same errors. */
    static FashionMnist find(CommandLine.Model.CommandSpec spec, Path dataDir) {
        return search(spec, dataDir, FashionMnist::find);
    }

    private static FashionMnist search(
            CommandLine.Model.CommandSpec spec,
            Path dataDir,
            Function<DataConfig, FashionMnist> how) {
        try {
            return how.apply(DataConfig.defaults(dataDir));
        } catch (DataUnavailableException e) {
            if (dataDir == null) {
                throw e;
            }
            // only the named directory was searched: the message is about it
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--data-dir " + e.getMessage(), e);
        }
    }
}
