package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.testing.BnlabProcess;
import bnlab.testing.RealData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run stopped after epoch 1 and resumed writes the same losses and accuracies as one trained
 * without a stop, because the checkpoint holds Adam's moments and step count (without them it
 * differs: {@link ResumeErrorsIT}). Separate JVMs, since PyTorch reads its thread count once.
 */
@ExtendWith(RealData.class)
class ExactResumeIT {

    @TempDir Path temp;

    @ParameterizedTest(name = "--threads {0}")
    @ValueSource(ints = {1, 2})
    void aResumedRunEqualsAnUninterruptedOne(int threads) throws Exception {
        Path whole = temp.resolve("whole");
        train(threads, "--epochs 2 --output {}", whole);
        Path stopped = temp.resolve("stopped");
        train(threads, "--epochs 1 --output {}", stopped);
        assertTrue(Files.isRegularFile(stopped.resolve("optimizer-0001.ndlist")));

        String err = train(threads, "--resume {} --epochs 2", stopped);
        assertFalse(err.contains("warning"), err);
        List<String> expected = DeterminismIT.measured(whole);
        assertEquals(2 * 3, expected.size());
        assertEquals(expected, DeterminismIT.measured(stopped));
    }

    /**
     * Trains with seed 7 and three batches an epoch, with {@code options} whose one {@code {}}
     * stands for {@code run}; returns what went to stderr.
     */
    private String train(int threads, String options, Path run) throws Exception {
        return BnlabProcess.startLine(
                        temp.resolve("logs"),
                        "train --quiet --seed 7 --limit-batches 3 --threads "
                                + threads
                                + " "
                                + options,
                        run)
                .awaitSuccess()
                .err();
    }
}
