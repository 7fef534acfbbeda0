package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bnlab.testing.BnlabProcess;
import bnlab.testing.RealData;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two {@code train} runs with the same seed, data and thread count write identical losses and
 * accuracies. Separate JVMs, because PyTorch reads its thread count once, when the engine starts.
 */
@ExtendWith(RealData.class)
class DeterminismIT {

    @TempDir Path temp;

    @ParameterizedTest(name = "--threads {0}")
    @ValueSource(ints = {1, 2})
    void sameSeedDataAndThreadsGiveTheSameMetrics(int threads) throws Exception {
        // Side by side only while the two runs' threads fit the cores: oversubscribed, they crawl.
        boolean together = 2 * threads <= Runtime.getRuntime().availableProcessors();
        List<BnlabProcess> runs = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            BnlabProcess p =
                    BnlabProcess.startLine(
                            temp,
                            "train --quiet --seed 7 --limit-batches 5 --epochs 2 --threads {}"
                                    + " --output {}",
                            threads,
                            temp.resolve(name));
            runs.add(p);
            if (!together) {
                p.exitCode();
            }
        }
        for (BnlabProcess p : runs) {
            p.awaitSuccess();
        }
        List<String> a = measured(temp.resolve("a"));
        assertEquals(2 * 3, a.size());
        assertEquals(a, measured(temp.resolve("b")));
    }

    /** Loss, train and test accuracy of every epoch, exactly as written (not the times). */
    static List<String> measured(Path run) throws Exception {
        JsonObject doc =
                JsonParser.parseString(Files.readString(run.resolve("metrics.json")))
                        .getAsJsonObject();
        JsonArray epochs = doc.getAsJsonArray("epochs");
        List<String> values = new ArrayList<>();
        for (JsonElement e : epochs) {
            JsonObject epoch = e.getAsJsonObject();
            for (String key : List.of("loss", "trainAccuracy", "testAccuracy")) {
                values.add(key + "=" + epoch.get(key).getAsString());
            }
        }
        return values;
    }
}
