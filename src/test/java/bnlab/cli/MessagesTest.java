package bnlab.cli;

import static bnlab.train.OptimizerKind.ADAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.data.DataNotFoundException;
import bnlab.errors.Advice;
import bnlab.errors.SettingException;
import bnlab.experiment.Figure1Config;
import bnlab.io.DirectoryClaim;
import bnlab.io.NamesTakenException;
import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.study.StudyDirectoryException;
import bnlab.train.TrainingConfig;
import bnlab.train.TrainingDivergedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's words for the library's messages: options for settings, how to get data. */
class MessagesTest {

    private static final NetworkConfig NET = NetworkConfig.of(Variant.SCRATCH);

    @Test
    void aSettingIsNamedByItsOption() {
        assertEquals(
                "--batch-size must be in 2..4096, got 0",
                Messages.of(new SettingException("batchSize", "must be in 2..4096, got 0")));
        assertEquals(
                "someSetting must be odd",
                Messages.of(new SettingException("someSetting", "must be odd")),
                "a setting no option sets keeps its name");
        assertEquals("plain message", Messages.of(new IllegalStateException("plain message")));
    }

    @Test
    void adviceNamesTheOptionWhereTheLibraryNamesTheSetting() {
        TrainingDivergedException diverged = new TrainingDivergedException(2, 3, Double.NaN);
        assertEquals(
                "training diverged at epoch 2, batch 3 (loss NaN); try a lower learningRate",
                diverged.getMessage());
        assertEquals(
                "training diverged at epoch 2, batch 3 (loss NaN); try a lower --lr",
                Messages.of(diverged));
        StudyDirectoryException other =
                new StudyDirectoryException(
                        "out holds study 'lr'",
                        new Advice(": choose another ", DirectoryClaim.OUTPUT_DIRECTORY, ""));
        assertEquals("out holds study 'lr': choose another outputDirectory", other.getMessage());
        assertEquals("out holds study 'lr': choose another --output", Messages.of(other));
        StudyDirectoryException noAdvice = new StudyDirectoryException("runs.csv is empty");
        assertEquals("runs.csv is empty", Messages.of(noAdvice));
    }

    @Test
    void everyDefaultNameTakenAdvisesNamingTheOutput(@TempDir Path temp) throws IOException {
        Path base = temp.resolve("run");
        Files.createFile(base);
        for (int n = 2; n <= 1000; n++) {
            Files.createFile(temp.resolve("run-" + n));
        }
        NamesTakenException taken =
                assertThrows(NamesTakenException.class, () -> DirectoryClaim.claimNew(base));
        assertEquals(
                base + " and 1000 numbered names after it exist; name one with outputDirectory",
                taken.getMessage());
        assertEquals(
                base + " and 1000 numbered names after it exist; name one with --output",
                Messages.of(taken));
    }

    @Test
    void everySettingOfTheRecordsTheCommandsBuildHasAnOption() {
        Map<String, Supplier<Object>> bad = new LinkedHashMap<>();
        bad.put("--epochs", () -> new TrainingConfig(NET, 0, 256, 0.001f, ADAM, 1, null, 1));
        bad.put("--batch-size", () -> new TrainingConfig(NET, 1, 1, 0.001f, ADAM, 1, null, 1));
        bad.put("--lr", () -> new TrainingConfig(NET, 1, 256, 0f, ADAM, 1, null, 1));
        bad.put("--seed", () -> new TrainingConfig(NET, 1, 256, 0.001f, ADAM, -1, null, 1));
        bad.put("--limit-batches", () -> new TrainingConfig(NET, 1, 256, 0.001f, ADAM, 1, 0, 1));
        bad.put("--threads", () -> new TrainingConfig(NET, 1, 256, 0.001f, ADAM, 1, null, 0));
        bad.put("--steps", () -> new Figure1Config(0, 1, 60, 0.5f, 0.01f, 100, 0, 42, 1));
        bad.put("--every", () -> new Figure1Config(10, 20, 60, 0.5f, 0.01f, 100, 0, 42, 1));
        bad.put("--init-sigma", () -> new Figure1Config(10, 1, 60, 0.5f, 0f, 100, 0, 42, 1));
        bad.put("--probe-images", () -> new Figure1Config(10, 1, 60, 0.5f, 0.01f, 0, 0, 42, 1));
        bad.put("--unit", () -> new Figure1Config(10, 1, 60, 0.5f, 0.01f, 100, 100, 42, 1));
        bad.forEach(
                (option, make) -> {
                    SettingException e = assertThrows(SettingException.class, make::get);
                    assertFalse(
                            e.getMessage().startsWith("--"), "the library names no option: " + e);
                    String message = Messages.of(e);
                    assertEquals(option + " " + e.problem(), message);
                });
    }

    @Test
    void dataNotFoundGainsHowToGetIt() {
        String offline =
                Messages.of(new DataNotFoundException("Fashion-MNIST not found", false, null));
        assertTrue(offline.startsWith("Fashion-MNIST not found; get the data with"), offline);
        assertTrue(offline.contains("`apt-get install dataset-fashion-mnist`"), offline);
        assertTrue(offline.contains("--data-dir DIR"), offline);
        assertTrue(offline.endsWith(", or download it with `bnlab data --download`"), offline);
        String afterDownload =
                Messages.of(new DataNotFoundException("Fashion-MNIST not found", true, null));
        assertTrue(afterDownload.endsWith(")"), "no second download advice: " + afterDownload);
    }
}
