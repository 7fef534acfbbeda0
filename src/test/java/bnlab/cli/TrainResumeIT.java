package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import bnlab.run.SavedRun;
import bnlab.testing.CommandRunner;
import bnlab.testing.RealData;
import bnlab.testing.TinyRun;
import bnlab.train.EpochMetrics;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code bnlab train --resume} and {@code --quiet}, on a copy of the {@link TinyRun}. */
@ExtendWith(RealData.class)
class TrainResumeIT {

    @TempDir Path temp;

    @Test
    void resumeRestoresTheCheckpointAndAppendsEpochs() throws Exception {
        Path run = TinyRun.copy(temp.resolve("run"));
        String epoch3 =
                TinyRun.output()
                        .lines()
                        .filter(l -> l.startsWith("epoch 3,"))
                        .findFirst()
                        .orElseThrow();

        // Settings come from config.json: conflicts and nothing left to train are usage errors.
        CommandRunner conflict =
                CommandRunner.runLine("train --resume {} --variant plain --epochs 4", run);
        assertEquals(2, conflict.exitCode());
        assertTrue(
                conflict.err().contains("--variant plain conflicts with the run's scratch"),
                conflict.err());
        CommandRunner done = CommandRunner.runLine("train --resume {} --epochs 3", run);
        assertEquals(2, done.exitCode());
        assertTrue(
                done.err().contains("already has 3 epoch(s); pass --epochs above 3"), done.err());

        CommandRunner resumed =
                CommandRunner.runLine("train --resume {} --epochs 4 --variant scratch", run)
                        .assertSuccess();
        // Proof the weights were loaded, not re-initialised: before any training the resumed
        // model scores exactly what the checkpoint scored (fresh weights score about 0.1).
        Matcher m =
                Pattern.compile(
                                "resumed .* after epoch 3: test acc (\\d\\.\\d{3}) \\(checkpoint (\\d\\.\\d{3})\\)")
                        .matcher(resumed.out());
        assertTrue(m.find(), resumed.out());
        assertEquals(m.group(2), m.group(1));
        assertTrue(epoch3.contains("test acc " + m.group(1) + ","), epoch3 + " vs " + m.group());
        assertTrue(resumed.out().lines().noneMatch(l -> l.startsWith("epoch 3,")), resumed.out());
        assertEquals(
                1,
                resumed.out().lines().filter(l -> l.startsWith("epoch 4,")).count(),
                resumed.out());

        SavedRun saved = SavedRun.open(run);
        List<EpochMetrics> metrics = saved.metrics();
        assertEquals(4, metrics.size());
        assertTrue(epoch3.startsWith(metrics.get(2).logLine().substring(0, 45)), "epoch 3 kept");
        assertEquals(5, Files.readAllLines(run.resolve("metrics.csv")).size());
        JsonObject config =
                JsonParser.parseString(Files.readString(run.resolve("config.json")))
                        .getAsJsonObject();
        assertEquals(4, config.get("epochs").getAsInt());
        assertEquals(TinyRun.LIMIT_BATCHES, config.get("limitBatches").getAsInt());
        for (int epoch = 1; epoch <= 4; epoch++) {
            try (Model model = saved.loadModel(epoch)) {
                assertEquals("" + epoch, model.getProperty("Epoch"));
            }
        }

        CommandRunner quiet =
                CommandRunner.runLine("train --resume {} --epochs 5 --quiet", run).assertSuccess();
        List<String> lines = quiet.out().lines().toList();
        assertEquals(2, lines.size(), quiet.out());
        assertTrue(lines.get(0).startsWith("epoch 5, loss "), quiet.out());
        assertEquals("run saved to " + run, lines.get(1));
        assertEquals(5, SavedRun.open(run).lastEpoch());
    }
}
