package bnlab.cli;

import bnlab.data.DataConfig;
import bnlab.data.DataUnavailableException;
import bnlab.data.FashionMnist;
import java.nio.file.Path;
import picocli.CommandLine;

/** Finds Fashion-MNIST for a command, treating an incomplete {@code --data-dir} as bad usage. */
final class DataLocation {

    private DataLocation() {}

    /**
     * {@link FashionMnist#locate} with the usual search.
     *
     * @throws CommandLine.ParameterException (exit 2) if the directory the user named lacks files:
     *     bad input, not a failure of bnlab
     */
    static FashionMnist locate(CommandLine.Model.CommandSpec spec, Path dataDir) {
        try {
            return FashionMnist.locate(DataConfig.defaults(dataDir));
        } catch (DataUnavailableException e) {
            if (dataDir == null) {
                throw e;
            }
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
