package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import bnlab.io.DirectoryClaim;
import bnlab.run.RunDirectory;
import bnlab.run.SavedRun;
import bnlab.testing.BnlabProcess;
import bnlab.testing.CommandWords;
import bnlab.testing.RealData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at random moments of a run that checkpoints several times a second: whatever is left is
 * whole. Each round after the first resumes the run, which must also clear the previous kill's
 * leftovers when a kill left any (only a kill that lands inside a write does, so this part is
 * checked by chance; {@code ResumeErrorsIT} checks it every time with planted leftovers). The seed
 * is printed; {@code -Dbnlab.killSeed=N} replays a failure.
 */
@ExtendWith(RealData.class)
class KillDuringCheckpointIT {

    private static final int ROUNDS = 3;

    @TempDir Path temp;

    @Test
    void aKilledRunHoldsOnlyCompleteFiles() throws Exception {
        long seed = Long.getLong("bnlab.killSeed", System.nanoTime());
        System.out.println("KillDuringCheckpointIT seed " + seed);
        Random random = new Random(seed);
        Path run = temp.resolve("run");
        List<String> leftovers = List.of();
        for (int round = 1; round <= ROUNDS; round++) {
            String[] args =
                    round == 1
                            ? CommandWords.of(
                                    "train --limit-batches 1 --epochs 200 --threads 1 --output {}",
                                    run)
                            : CommandWords.of("train --resume {} --epochs 200", run);
            int before = round == 1 ? 0 : SavedRun.open(run).lastEpoch();
            BnlabProcess p = BnlabProcess.start(temp.resolve("logs"), List.of(), args);
            p.await(() -> lastEpochOrZero(run) > before);
            // Resuming cleared the previous kill's temporaries before writing its first checkpoint.
            for (String name : leftovers) {
                assertFalse(Files.exists(run.resolve(name)), "seed " + seed + ": stale " + name);
            }
            Thread.sleep(random.nextInt(1500));
            p.process().destroyForcibly(); // SIGKILL
            p.exitCode();
            leftovers = checkWhole(run, seed);
        }
    }

    /** Every parameter file loads, metrics.json parses, its last epoch has its parameters. */
    private static List<String> checkWhole(Path run, long seed) throws Exception {
        SavedRun saved = SavedRun.open(run);
        int last = saved.lastEpoch();
        List<Path> params;
        try (Stream<Path> s = Files.list(run)) {
            params =
                    s.filter(f -> f.getFileName().toString().matches("lenet-\\d{4}\\.params"))
                            .sorted()
                            .toList();
        }
        // The parameters are written before the metrics naming them: at most one epoch ahead.
        int count = params.size();
        assertTrue(
                count == last || count == last + 1,
                "seed " + seed + ": " + count + " parameter files for " + last + " epochs");
        for (int epoch = 1; epoch <= count; epoch++) {
            assertEquals(run.resolve(RunDirectory.parameterFileName(epoch)), params.get(epoch - 1));
            try (Model model = saved.loadModel(epoch)) {
                assertEquals("" + epoch, model.getProperty("Epoch"), "seed " + seed);
            }
        }
        try (Stream<Path> s = Files.list(run)) {
            // the claim of the killed process stays, stale, until the next run takes it over
            return s.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith(".") && !n.equals(DirectoryClaim.FILE))
                    .toList();
        }
    }

    private static int lastEpochOrZero(Path run) {
        try {
            return SavedRun.open(run).lastEpoch();
        } catch (RuntimeException e) { // not written yet, or being replaced this instant
            return 0;
        }
    }
}
