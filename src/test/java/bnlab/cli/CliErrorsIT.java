package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.data.FashionMnist;
import bnlab.testing.CommandRunner;
import bnlab.testing.RealData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input to {@code train} and {@code compare}: one line on stderr naming the problem, exit 2,
 * and no run directory left behind. None of these trains an epoch. Numeric options out of range:
 * {@link NumericOptionsTest}.
 */
@ExtendWith(RealData.class)
class CliErrorsIT {

    @TempDir Path temp;

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "train   | --optimizer     | rmsprop  | unknown optimizer 'rmsprop', expected one of adam, sgd",
                "compare | --optimizer     | rmsprop  | unknown optimizer 'rmsprop', expected one of adam, sgd",
                "train   | --variant       | fancy    | unknown variant 'fancy', expected one of scratch, concise, plain",
            })
    void badOptionIsAOneLineUsageError(
            String command, String option, String value, String message) {
        Path output = temp.resolve("out");
        CommandRunner.runLine("{} {} {} --output {}", command, option, value, output)
                .assertUsageError(command, message);
        assertFalse(Files.exists(output));
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "compare"})
    void outputThatIsAFileOrUnderAFileOrNotWritableOrAnotherRunIsRefused(String command)
            throws IOException {
        Path file = Files.writeString(temp.resolve("file"), "keep me");
        expectOutputRefused(
                command,
                file,
                "--output " + file + " is a file, expected a new or empty directory");
        expectOutputRefused(
                command,
                file.resolve("run"),
                "--output "
                        + file.resolve("run")
                        + ": "
                        + file
                        + " is a file, so the directory cannot be created under it");
        assertEquals("keep me", Files.readString(file));

        // The tests run as root, which permission bits do not stop; /proc refuses even root.
        Path proc = Path.of("/proc/bnlab-test-run");
        String error = CommandRunner.runLine("{} --output {}", command, proc).assertOneLineError(2);
        assertTrue(
                error.startsWith(
                        "bnlab "
                                + command
                                + ": --output "
                                + proc
                                + " is not writable: cannot create a directory in /proc ("),
                error);

        Path taken = Files.createDirectories(temp.resolve("taken"));
        Files.writeString(taken.resolve("metrics.json"), "{}");
        expectOutputRefused(
                command,
                taken,
                "--output "
                        + taken
                        + " is not empty; choose a new"
                        + " directory so no earlier run is overwritten");
        assertEquals(List.of(taken.resolve("metrics.json")), list(taken));
    }

    @Test
    void aBadIdxFileInDataDirIsExitTwoNamingTheFileAndLeavesNoRun() throws IOException {
        Path bad = realDataDirBut(FashionMnist.TRAIN_IMAGES);
        Path data = bad.getParent();
        Files.write(bad, gzip(new byte[] {8, 3, 0, 3, 0, 0, 0, 1}));
        Path output = temp.resolve("run");
        String expected =
                "bnlab: " + bad + ": bad IDX magic: expected first two bytes 00 00, found 08 03";

        CommandRunner r =
                CommandRunner.runLine(
                        "train --data-dir {} --limit-batches 1 --epochs 1 --output {}",
                        data,
                        output);
        assertEquals(2, r.exitCode(), r.err());
        assertEquals(expected, r.err().strip());
        assertFalse(
                Files.exists(output), "a run that failed before its first epoch leaves nothing");

        // Only with --verbose does the same failure come with its stack trace.
        Path named = Files.createDirectories(temp.resolve("named"));
        r =
                CommandRunner.runLine(
                        "train --verbose --data-dir {} --limit-batches 1 --epochs 1 --output {}",
                        data,
                        named);
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains(expected + System.lineSeparator()), r.err());
        assertTrue(r.err().contains("bnlab.data.DataFormatException: " + bad), r.err());
        assertTrue(
                r.err().lines().anyMatch(l -> l.startsWith("\tat bnlab.data.IdxReader")), r.err());
        assertFalse(r.out().contains(bad.toString()), "errors go to stderr only: " + r.out());
        assertEquals(List.of(), list(named), "the directory the user named stays empty");
    }

    @Test
    void anIdxHeaderClaimingBillionsOfItemsIsExitTwoNamingTheClaimAndTheFileSize()
            throws IOException {
        Path bad = realDataDirBut(FashionMnist.TRAIN_LABELS);
        Path data = bad.getParent();
        // a 30-byte gzip file whose header claims 2,000,000,000 labels
        Files.copy(Path.of("src/test/resources/bnlab/data/huge-claim-idx1-ubyte.gz"), bad);
        Path output = temp.resolve("run");
        CommandRunner r = CommandRunner.runLine("train --data-dir {} --output {}", data, output);
        assertEquals(2, r.exitCode(), r.err());
        assertEquals(
                "bnlab: "
                        + bad
                        + ": IDX data too large: expected at most 100000000 bytes of data, found"
                        + " 2000000000 bytes of data (dimensions [2000000000]) in a gzip file of"
                        + " 30 bytes",
                r.err().strip());
        assertFalse(Files.exists(output));
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "compare"})
    void aDataDirLackingFilesIsExitTwoNamingTheMissingOnes(String command) throws IOException {
        Path data = dataDirWithReal(FashionMnist.TRAIN_IMAGES, FashionMnist.TEST_LABELS);
        Path output = temp.resolve("run");
        String error =
                CommandRunner.runLine("{} --data-dir {} --output {}", command, data, output)
                        .assertOneLineError(2);
        assertTrue(
                error.contains(
                        "--data-dir "
                                + data
                                + ": expected the 4 Fashion-MNIST files,"
                                + " found 2; missing "
                                + FashionMnist.TRAIN_LABELS
                                + ", "
                                + FashionMnist.TEST_IMAGES),
                error);
        assertFalse(Files.exists(output));
    }

    private void expectOutputRefused(String command, Path output, String message) {
        CommandRunner.runLine("{} --output {}", command, output).assertUsageError(command, message);
    }

    /**
     * A data directory holding the real files but {@code name}, whose path there it returns for the
     * test to write.
     */
    private Path realDataDirBut(String name) throws IOException {
        return dataDirWithReal(
                        FashionMnist.FILE_NAMES.stream()
                                .filter(f -> !f.equals(name))
                                .toArray(String[]::new))
                .resolve(name);
    }

    /** A data directory holding the named real files only (hard links where possible). */
    private Path dataDirWithReal(String... names) throws IOException {
        Path dir = Files.createDirectories(temp.resolve("data"));
        for (String name : names) {
            try {
                Files.createLink(dir.resolve(name), RealData.directory().resolve(name));
            } catch (IOException | UnsupportedOperationException e) { // another file system
                Files.copy(RealData.directory().resolve(name), dir.resolve(name));
            }
        }
        return dir;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(buffer)) {
            out.write(bytes);
        }
        return buffer.toByteArray();
    }

    private static List<Path> list(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.sorted().toList();
        }
    }
}
