package bnlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import bnlab.io.DirectoryClaim;
import bnlab.io.DirectoryInUseException;
import bnlab.train.EpochMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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
    void aRunClaimsItsDirectoryFirstAndCheckpointsGrowIt() throws Exception {
        Path run = temp.resolve("runs").resolve("scratch-1");
        try (RunDirectory dir = RunDirectory.create(run);
                Model model = tinyModel()) {
            assertEquals(List.of(DirectoryClaim.FILE), hiddenEntries(run), "claimed at once");
            dir.writeCheckpoint(model, PLAIN, epochs(1));
            for (String f :
                    List.of("config.json", "metrics.json", "metrics.csv", "lenet-0001.params")) {
                assertTrue(Files.isRegularFile(run.resolve(f)), f);
            }
            dir.writeCheckpoint(model, PLAIN, epochs(2));
            assertTrue(Files.isRegularFile(run.resolve("lenet-0002.params")));
            assertEquals(3, Files.readAllLines(run.resolve("metrics.csv")).size());
        }
        assertEquals(List.of(), hiddenEntries(run), "released: no claim or staging left");
        assertEquals(List.of(), hiddenEntries(run.getParent()), "nothing beside the run");
    }

    @Test
    void anEmptyDirectoryTheUserNamedIsWrittenIntoNotReplaced() throws Exception {
        // `--output .` or a mount point: the directory itself cannot be renamed or replaced
        Path run = Files.createDirectories(temp.resolve("named"));
        Object before = Files.readAttributes(run, BasicFileAttributes.class).fileKey();
        try (RunDirectory dir = RunDirectory.create(run);
                Model model = tinyModel()) {
            dir.writeCheckpoint(model, PLAIN, epochs(1));
        }
        assertTrue(Files.isRegularFile(run.resolve("metrics.json")));
        assertTrue(Files.isRegularFile(run.resolve("lenet-0001.params")));
        assertEquals(before, Files.readAttributes(run, BasicFileAttributes.class).fileKey());
    }

    @Test
    void aRunClosedBeforeItsFirstCheckpointLeavesNothing() throws Exception {
        Path created = temp.resolve("created");
        RunDirectory.create(created).close();
        assertFalse(Files.exists(created), "the directory it made is removed");
        Path named = Files.createDirectories(temp.resolve("named"));
        RunDirectory.create(named).close();
        assertEquals(List.of(), hiddenEntries(named), "the directory the user named stays empty");
        try (Stream<Path> s = Files.list(named)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void aSecondRunInTheSameDirectoryIsRefusedWhileTheFirstTrains() throws Exception {
        Path run = temp.resolve("run");
        try (RunDirectory first = RunDirectory.create(run);
                Model model = tinyModel()) {
            DirectoryInUseException e =
                    assertThrows(DirectoryInUseException.class, () -> RunDirectory.create(run));
            assertTrue(e.getMessage().startsWith(run + " is in use by another bnlab process"));
            first.writeCheckpoint(model, PLAIN, epochs(1));
        }
        IllegalArgumentException after =
                assertThrows(IllegalArgumentException.class, () -> RunDirectory.create(run));
        assertTrue(after.getMessage().contains("is not empty"), after.getMessage());
    }

    @Test
    void aCheckpointIsNotWrittenIntoADirectoryThatIsNoLongerTheRuns() throws Exception {
        Path run = temp.resolve("run");
        try (RunDirectory dir = RunDirectory.create(run);
                Model model = tinyModel()) {
            dir.writeCheckpoint(model, PLAIN, epochs(1));
            Files.writeString(run.resolve(DirectoryClaim.FILE), "token=someone-else\n");
            assertThrows(
                    IllegalStateException.class,
                    () -> dir.writeCheckpoint(model, PLAIN, epochs(2)));
        }
        assertFalse(Files.exists(run.resolve("lenet-0002.params")));
        assertEquals(1, SavedRun.open(run).lastEpoch());
    }

    @Test
    void aNonEmptyDirectoryIsNeverTaken() throws Exception {
        Path run = Files.createDirectories(temp.resolve("taken"));
        Files.writeString(run.resolve("metrics.json"), "{}");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RunDirectory.create(run));
        assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
        assertEquals(List.of(), hiddenEntries(run), "no claim left behind");
    }
}
