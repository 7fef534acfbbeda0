package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import bnlab.run.SavedRun;
import bnlab.testing.BnlabProcess;
import bnlab.testing.CommandWords;
import bnlab.testing.RealData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM and SIGINT during {@code bnlab train}, sent to a real process: it stops at the next
 * batch, says where and how to resume, keeps its checkpoints loadable and exits 128 + the signal.
 */
@ExtendWith(RealData.class)
class SignalIT {

    private static final Pattern INTERRUPTED =
            Pattern.compile(
                    "bnlab: interrupted at epoch (\\d+), batch (\\d+); the run keeps epochs 1\\.\\.(\\d+);"
                            + " continue with: \\./bnlab train --resume (.+)");

    @TempDir Path temp;

    @Test
    void sigtermKeepsTheCompletedEpochsAndExits143() throws Exception {
        Path run = temp.resolve("term");
        expectStoppedCleanly(startLongTraining(run, List.of()).terminateWhen(saved(run)), run);
    }

    @Test
    void sigintKeepsTheCompletedEpochsAndExits130() throws Exception {
        Path run = temp.resolve("int");
        // A JVM started from a non-interactive shell's background job (CI, Maven) may inherit
        // SIGINT as ignored, and Java then leaves it so; a terminal's Ctrl-C is not ignored.
        // env --default-signal restores that.
        BnlabProcess p = startLongTraining(run, List.of("env", "--default-signal=INT"));
        expectStoppedCleanly(p.interruptWhen(saved(run)), run);
    }

    @Test
    void interruptedBeforeTheFirstEpochLeavesNoRunDirectory() throws Exception {
        Path run = temp.resolve("early");
        // A whole epoch (235 batches) takes seconds: the signal lands inside it.
        String err =
                BnlabProcess.startLine(temp, "train --epochs 1 --threads 1 --output {}", run)
                        .terminateInFirstEpoch();
        assertTrue(
                err.matches(
                        "bnlab: interrupted at epoch 1, batch \\d+; no epoch was completed, so"
                                + " nothing was saved"),
                err);
        assertFalse(Files.exists(run), "nothing to keep, so no run directory");
    }

    /** Starts a training into {@code run} of far more epochs than a test waits for. */
    private BnlabProcess startLongTraining(Path run, List<String> prefix) throws IOException {
        return BnlabProcess.start(
                temp,
                prefix,
                CommandWords.of(
                        "train --limit-batches 20 --epochs 1000 --threads 1 --output {}", run));
    }

    /** Whether {@code run} holds its first checkpoint (config.json is written with it). */
    private static BooleanSupplier saved(Path run) {
        return () -> Files.exists(run.resolve("config.json"));
    }

    /** Checks the one line {@code err} and the run left after a signal during training. */
    private static void expectStoppedCleanly(String err, Path run) throws Exception {
        Matcher m = INTERRUPTED.matcher(err);
        assertTrue(m.matches(), "one line saying where it stopped: " + err);
        assertEquals(run.toString(), m.group(4));
        int epoch = Integer.parseInt(m.group(1));
        int kept = Integer.parseInt(m.group(3));
        assertEquals(epoch - 1, kept, "the epoch in progress is not kept");
        assertTrue(Integer.parseInt(m.group(2)) <= 20, err);
        SavedRun saved = SavedRun.open(run);
        assertEquals(kept, saved.lastEpoch(), "metrics.json holds exactly the kept epochs");
        try (Model model = saved.loadModel()) {
            assertEquals("" + kept, model.getProperty("Epoch"));
        }
        assertFalse(Files.exists(saved.parameterFile(kept + 1)));
        try (Stream<Path> entries = Files.list(run)) {
            assertTrue(
                    entries.noneMatch(f -> f.getFileName().toString().startsWith(".")),
                    "no temporary file left");
        }
    }
}
