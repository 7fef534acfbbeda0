package bnlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import bnlab.train.EpochMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a run directory comes into being and grows, checkpoint by checkpoint. */
class RunDirectoryTest {

    @TempDir Path temp;

    private static final RunConfig PLAIN = RunConfig.of(Map.of("variant", "plain"));

    private static Model tinyModel() {
        Model model = Model.newInstance(RunDirectory.MODEL_NAME);
        model.setBlock(Linear.builder().setUnits(2).build());
        model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 3));
        return model;
    }

    private static List<EpochMetrics> epochs(int n) {
        List<EpochMetrics> list = new ArrayList<>();
        for (int e = 1; e <= n; e++) {
            list.add(new EpochMetrics(e, 1.0 / e, 0.5, 0.5, 1));
        }
        return list;
    }

    private List<String> hiddenEntries(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }

    @Test
    void theFirstCheckpointCreatesACompleteRunAndLaterOnesAddToIt() throws Exception {
        Path run = temp.resolve("runs").resolve("scratch-1");
        RunDirectory dir = RunDirectory.prepare(run);
        assertFalse(Files.exists(run), "prepare creates nothing");
        try (Model model = tinyModel()) {
            dir.writeCheckpoint(model, PLAIN, epochs(1));
            for (String f :
                    List.of("config.json", "metrics.json", "metrics.csv", "lenet-0001.params")) {
                assertTrue(Files.isRegularFile(run.resolve(f)), f);
            }
            dir.writeCheckpoint(model, PLAIN, epochs(2));
            assertTrue(Files.isRegularFile(run.resolve("lenet-0002.params")));
            assertEquals(3, Files.readAllLines(run.resolve("metrics.csv")).size());
        }
        assertEquals(List.of(), hiddenEntries(run));
        assertEquals(List.of(), hiddenEntries(run.getParent()), "no staging left beside the run");
    }

    @Test
    void anEmptyDirectoryTheUserNamedIsReplacedByTheCompleteRun() throws Exception {
        Path run = Files.createDirectories(temp.resolve("named"));
        RunDirectory dir = RunDirectory.prepare(run);
        try (Model model = tinyModel()) {
            dir.writeCheckpoint(model, PLAIN, epochs(1));
        }
        assertTrue(Files.isRegularFile(run.resolve("metrics.json")));
        assertTrue(Files.isRegularFile(run.resolve("lenet-0001.params")));
    }

    @Test
    void aFirstCheckpointLeftHalfWrittenByAKilledRunIsRemovedByTheNextAttempt() throws Exception {
        Path run = temp.resolve("run");
        Path stale = Files.createDirectories(temp.resolve(".run.first-123"));
        Files.write(stale.resolve("lenet-0001.params"), new byte[] {1, 2, 3});
        Path other = Files.createDirectories(temp.resolve(".other.first-9"));
        RunDirectory.prepare(run);
        assertFalse(Files.exists(stale), "the same run's leftover is removed");
        assertTrue(Files.exists(other), "another run's staging is left alone");
    }

    @Test
    void aNonEmptyDirectoryIsNeverTaken() throws Exception {
        Path run = Files.createDirectories(temp.resolve("taken"));
        Files.writeString(run.resolve("metrics.json"), "{}");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RunDirectory.prepare(run));
        assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
    }
}
