package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.io.DirectoryClaim;
import bnlab.run.SavedRun;
import bnlab.testing.BnlabProcess;
import bnlab.testing.CommandWords;
import bnlab.testing.RealData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real {@code bnlab train} processes started together: given one {@code --output}, one trains
 * and the other is refused with exit 2 naming the directory; with the default name, each gets a
 * directory of its own.
 */
@ExtendWith(RealData.class)
class OutputRaceIT {

    @TempDir Path temp;

    @Test
    void twoTrainingsForOneOutputDirectory() throws Exception {
        Path run = temp.resolve("shared");
        String[] args =
                CommandWords.of("train --limit-batches 20 --epochs 2 --threads 1 --output {}", run);
        BnlabProcess a = BnlabProcess.start(temp.resolve("logs"), List.of(), args);
        BnlabProcess b = BnlabProcess.start(temp.resolve("logs"), List.of(), args);
        int codeA = a.exitCode();
        int codeB = b.exitCode();
        assertEquals(
                List.of(0, 2), List.of(codeA, codeB).stream().sorted().toList(), a.err() + b.err());
        BnlabProcess winner = codeA == 0 ? a : b;
        BnlabProcess loser = codeA == 0 ? b : a;
        String refusal = loser.err().strip();
        assertEquals(1, refusal.lines().count(), refusal);
        // refused while the other trains, or, if that one finished first, as not empty
        assertTrue(
                refusal.startsWith("bnlab train: --output " + run + " is in use by another bnlab")
                        || refusal.startsWith("bnlab train: --output " + run + " is not empty"),
                refusal);
        assertTrue(winner.out().contains("run saved to " + run), winner.out());
        assertTrue(!loser.out().contains("run saved to"), loser.out());
        assertEquals(2, SavedRun.open(run).lastEpoch(), "one whole run");
        assertTrue(!Files.exists(run.resolve(DirectoryClaim.FILE)), "the claim is released");
    }

    @Test
    void twoTrainingsWithTheDefaultNameGetADirectoryEach() throws Exception {
        String[] args = CommandWords.of("train --limit-batches 2 --epochs 1 --threads 1");
        BnlabProcess a = BnlabProcess.startIn(temp, temp.resolve("logs"), List.of(), args);
        BnlabProcess b = BnlabProcess.startIn(temp, temp.resolve("logs"), List.of(), args);
        a.awaitSuccess();
        b.awaitSuccess();
        List<Path> runs;
        try (Stream<Path> s = Files.list(temp.resolve("runs"))) {
            runs = s.sorted().toList();
        }
        assertEquals(2, runs.size(), runs.toString());
        for (Path run : runs) {
            assertEquals(1, SavedRun.open(run).lastEpoch());
            assertTrue(
                    run.getFileName().toString().matches("scratch-\\d{8}-\\d{6}(-2)?"),
                    run.toString());
        }
        assertNotEquals(savedTo(a), savedTo(b));
    }

    private static String savedTo(BnlabProcess p) throws Exception {
        return p.out().lines().filter(l -> l.startsWith("run saved to ")).findFirst().orElseThrow();
    }
}
