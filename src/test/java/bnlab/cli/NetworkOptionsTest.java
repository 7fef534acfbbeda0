package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import bnlab.testing.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A bad {@code --network} of {@code train} or {@code compare}: one line on stderr naming the bad
 * part and the accepted values, exit 2, nothing on disk. None of these trains.
 */
class NetworkOptionsTest {

    @TempDir Path temp;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "train   | --network norm=bogus"
                        + " | --network: unknown normalizer 'bogus', expected one of none, scratch,"
                        + " djl, mean, variance, batch-renorm, layer, group:G, instance",
                "train   | --network norm=mean:none:scratch:djl:none"
                        + " | --network: norm needs one normalizer for every site or one per site"
                        + " (conv1:conv2:fc1:fc2), got 5 in 'mean:none:scratch:djl:none'",
                "train   | --network norm=scratch:scratch:bogus:none"
                        + " | --network: unknown normalizer 'bogus' at site fc1, expected one of"
                        + " none, scratch, djl, mean, variance, batch-renorm, layer, group:G,"
                        + " instance",
                "compare | --network scratch --network position=middle"
                        + " | --network: unknown position 'middle', expected one of before, after",
                "train   | --network bias=maybe"
                        + " | --network: unknown bias 'maybe', expected one of on, off",
                "compare | --network affine=frozen"
                        + " | --network: unknown affine 'frozen', expected one of learned, fixed",
                "train   | --network dropout=1"
                        + " | --network: bad dropout '1', expected a probability in [0, 1)",
                "compare | --network dropout=-0.5"
                        + " | --network: bad dropout '-0.5', expected a probability in [0, 1)",
                "train   | --network activation=tanh"
                        + " | --network: unknown activation 'tanh', expected one of sigmoid, relu",
                "train   | --network colour=red"
                        + " | --network: unknown key 'colour' in network configuration, expected"
                        + " one of norm, position, bias, affine, dropout, activation",
                "compare | --network fancy,dropout=0.5"
                        + " | --network: unknown preset 'fancy', expected a preset (scratch,"
                        + " concise, plain) and/or key=value items with keys norm, position, bias,"
                        + " affine, dropout, activation",
                "train   | --variant plain --network dropout=0.5"
                        + " | --variant and --network cannot be combined: start --network with the"
                        + " preset, e.g. --network plain,dropout=0.5",
                "compare | --network plain --network norm=none"
                        + " | --network norm=none is the same network as an earlier --network"
                        + " (plain); give each network once",
            })
    void aBadNetworkIsAOneLineUsageError(String command, String options, String message)
            throws Exception {
        Path output = temp.resolve("out");
        CommandRunner.runLine(command + " " + options + " --output {}", output)
                .assertUsageError(command, message);
        assertFalse(Files.exists(output));
    }
}
