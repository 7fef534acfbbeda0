package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import bnlab.io.DirectoryClaim;
import bnlab.model.Variant;
import bnlab.report.RunSummary;
import bnlab.run.SavedRun;
import bnlab.testing.CommandRunner;
import bnlab.testing.RealData;
import bnlab.testing.TinyRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --resume} on runs it cannot continue (one line naming the file, exit 2), and on a
 * run holding the temporary files a killed writer leaves: readers ignore them, resuming deletes
 * them. (evaluate and predict on such runs: {@link SavedRunCommandsIT}.)
 */
@ExtendWith(RealData.class)
class ResumeErrorsIT {

    @TempDir static Path temp;

    @Test
    void aMissingRunDirectory() {
        Path nowhere = temp.resolve("nowhere");
        CommandRunner r = CommandRunner.runLine("train --resume {}", nowhere);
        assertEquals(2, r.exitCode());
        assertEquals("bnlab: " + nowhere + ": no such run directory", r.err().strip());
        assertFalse(Files.exists(nowhere));
    }

    @Test
    void aTruncatedParameterFile() throws Exception {
        Path copy = copyOfRun("truncated");
        Path params = copy.resolve("lenet-0003.params");
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, Arrays.copyOf(bytes, bytes.length - 100));
        String error =
                CommandRunner.runLine("train --resume {} --epochs 4", copy).assertOneLineError(2);
        assertTrue(
                error.startsWith(
                        "bnlab: "
                                + params
                                + ": not loadable as the parameters of the"
                                + " scratch LeNet config.json names"),
                error);
        assertFalse(Files.exists(copy.resolve("lenet-0004.params")));
    }

    @Test
    void aRunOfAnotherVariant() throws Exception {
        Path copy = TinyRun.copyNaming(temp.resolve("other"), Variant.CONCISE);
        String error =
                CommandRunner.runLine("train --resume {} --epochs 4", copy).assertOneLineError(2);
        assertTrue(error.startsWith("bnlab: " + copy.resolve("lenet-0003.params") + ": "), error);
        assertTrue(error.contains("concise LeNet"), error);
    }

    @Test
    void aCheckpointWithoutOptimizerStateResumesWithAWarningAndDiffers() throws Exception {
        Path exact = copyOfRun("exact");
        Path old = copyOfRun("old");
        Path state = old.resolve("optimizer-0003.ndlist");
        Files.delete(state);

        CommandRunner warned =
                CommandRunner.runLine("train --resume {} --epochs 4", old).assertSuccess();
        assertEquals(
                "bnlab: warning: "
                        + state
                        + " is missing (a checkpoint saved without optimizer state): adam starts"
                        + " afresh, so this run will differ from an uninterrupted one",
                warned.err().strip());
        CommandRunner resumed =
                CommandRunner.runLine("train --resume {} --epochs 4", exact).assertSuccess();
        assertEquals("", resumed.err());
        // Adam started afresh takes full-size bias-corrected steps: epoch 4 goes another way.
        assertNotEquals(
                SavedRun.open(exact).metrics().get(3).loss(),
                SavedRun.open(old).metrics().get(3).loss());
        assertTrue(Files.isRegularFile(old.resolve("optimizer-0004.ndlist")));
    }

    @Test
    void aTruncatedOptimizerStateFile() throws Exception {
        int[] length = new int[1];
        String err =
                resumeWithDamagedState(
                        "truncated-state",
                        bytes -> {
                            length[0] = bytes.length;
                            return Arrays.copyOf(bytes, bytes.length - 100);
                        });
        assertEquals(
                "(optimizer state is "
                        + (length[0] - 100)
                        + " bytes, expected "
                        + length[0]
                        + " for this network: truncated, or of another network)",
                err);
    }

    @Test
    void aCorruptOptimizerStateHeader() throws Exception {
        String err =
                resumeWithDamagedState(
                        "corrupt-state",
                        bytes -> {
                            // the list's leading array count: would ask the decoder for 2 billion
                            bytes[0] = 0x7f;
                            return bytes;
                        });
        assertTrue(
                err.startsWith("(optimizer state does not match this network's layout at byte 0"),
                err);
    }

    /**
     * Resumes a copy of the run whose optimizer state {@code damage} rewrote: one line naming the
     * file, exit 2, nothing trained.
     *
     * @return what the line says after the file's name
     */
    private static String resumeWithDamagedState(String name, UnaryOperator<byte[]> damage)
            throws Exception {
        Path copy = copyOfRun(name);
        Path state = copy.resolve("optimizer-0003.ndlist");
        Files.write(state, damage.apply(Files.readAllBytes(state)));
        String error =
                CommandRunner.runLine("train --resume {} --epochs 4", copy).assertOneLineError(2);
        String prefix = "bnlab: " + state + ": not the optimizer state of this run ";
        assertTrue(error.startsWith(prefix), error);
        assertFalse(Files.exists(copy.resolve("lenet-0004.params")));
        return error.substring(prefix.length());
    }

    @Test
    void leftoversOfAKilledWriterAreIgnoredByReadersAndDeletedOnResume() throws Exception {
        Path copy = copyOfRun("killed");
        Path part = Files.writeString(copy.resolve(".metrics.json.0b5c-dead.part"), "{\"epo");
        Path staging = Files.createDirectories(copy.resolve(".checkpoint-4711"));
        Files.write(staging.resolve("lenet-0004.params"), new byte[] {1, 2, 3});

        assertEquals(3, SavedRun.open(copy).lastEpoch());
        try (Model model = SavedRun.open(copy).loadModel()) {
            assertEquals("3", model.getProperty("Epoch"));
        }
        assertEquals(3, RunSummary.read(copy).last().epoch());

        CommandRunner.runLine("evaluate {} --limit-batches 1", copy).assertSuccess();
        CommandRunner.runLine("train --resume {} --epochs 4", copy).assertSuccess();
        assertFalse(Files.exists(part));
        assertFalse(Files.exists(staging));
        try (Stream<Path> left = Files.list(copy)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".")));
        }
        try (Model model = SavedRun.open(copy).loadModel(4)) {
            assertEquals("4", model.getProperty("Epoch"));
        }
    }

    @Test
    void aNonFiniteMetricIsRefusedByEveryReaderBeforeAnyWork() throws Exception {
        Path copy = copyOfRun("nan");
        Path metrics = copy.resolve("metrics.json");
        Files.writeString(
                metrics,
                Files.readString(metrics).replaceFirst("\"loss\": [^,]+", "\"loss\": NaN"));
        String report = Files.readString(copy.resolve("report.html"));
        Path image = temp.resolve("image.png");
        javax.imageio.ImageIO.write(
                new java.awt.image.BufferedImage(
                        28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY),
                "png",
                image.toFile());
        String[][] readers = {
            {"train", "--resume", copy.toString(), "--epochs", "4"},
            {"evaluate", copy.toString()},
            {"predict", copy.toString(), image.toString()},
            {"report", copy.toString()},
            {"fold", copy.toString()},
            {"bench", "--inference", "--run", copy.toString(), "--steps", "1"},
        };
        for (String[] args : readers) {
            CommandRunner r = CommandRunner.run(args);
            assertEquals(2, r.exitCode(), args[0] + ": " + r.err());
            assertTrue(
                    r.err()
                            .strip()
                            .matches(
                                    "bnlab( "
                                            + args[0]
                                            + ")?: "
                                            + java.util.regex.Pattern.quote(metrics.toString())
                                            + ": epoch entry 1: 'loss'.*"),
                    args[0] + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertEquals("", r.out(), args[0] + " did no work");
        }
        assertFalse(Files.exists(copy.resolve("lenet-0004.params")));
        assertEquals(report, Files.readString(copy.resolve("report.html")), "train's report stays");
        assertFalse(Files.exists(temp.resolve("nan-folded")));
    }

    @Test
    void aRunThatAnotherProcessIsWritingIsNotResumed() throws Exception {
        Path copy = copyOfRun("busy");
        try (DirectoryClaim other = DirectoryClaim.claim(copy)) {
            CommandRunner r = CommandRunner.runLine("train --resume {} --epochs 4", copy);
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(
                    r.err()
                            .startsWith(
                                    "bnlab: " + copy + " is in use by another bnlab process (pid "),
                    r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            other.check(); // still the other's
        }
        assertFalse(Files.exists(copy.resolve("lenet-0004.params")));
    }

    private static Path copyOfRun(String name) throws Exception {
        return TinyRun.copy(temp.resolve(name));
    }
}
