package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.data.FashionMnist;
import bnlab.testing.CommandRunner;
import bnlab.testing.RealData;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code bnlab data} on the installed real files, on changed copies and on an empty directory. */
@ExtendWith(RealData.class)
class DataCommandIT {

    @TempDir Path temp;

    @Test
    void showsWhereTheDataIsAndVerifiesTheFourFiles() {
        CommandRunner r = CommandRunner.runLine("data").assertSuccess();
        assertTrue(r.out().startsWith("Fashion-MNIST in "), r.out());
        for (String name : FashionMnist.FILE_NAMES) {
            assertTrue(
                    r.out().lines().anyMatch(l -> l.startsWith("OK ") && l.contains(name)),
                    name + ": " + r.out());
        }
        assertTrue(r.out().contains("all 4 files OK"), r.out());
    }

    /**
     * The real files with one test label changed: valid IDX, so the data loads, but not the
     * official content, which the command must say and exit 1 for.
     */
    @Test
    void filesThatAreNotTheOfficialOnesAreAMismatch() throws IOException {
        Path dir = temp.resolve("changed");
        Files.createDirectories(dir);
        for (String name : FashionMnist.FILE_NAMES) {
            Files.copy(RealData.fashionMnist().directory().resolve(name), dir.resolve(name));
        }
        Path labels = dir.resolve(FashionMnist.TEST_LABELS);
        byte[] idx;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(labels))) {
            idx = in.readAllBytes();
        }
        idx[8] =
                (byte)
                        ((idx[8] + 1)
                                % FashionMnist.NUM_CLASSES); // the first label, after the header
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(labels))) {
            out.write(idx);
        }

        CommandRunner r = CommandRunner.runLine("data --data-dir {}", dir);
        assertEquals(BnlabCommand.EXIT_FAILURE, r.exitCode(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("Fashion-MNIST in " + dir + " (--data-dir)", lines.get(0));
        for (String name : FashionMnist.FILE_NAMES) {
            String verdict = name.equals(FashionMnist.TEST_LABELS) ? "MISMATCH " : "OK ";
            assertTrue(
                    lines.stream().anyMatch(l -> l.startsWith(verdict) && l.contains(name)),
                    name + " " + verdict + ": " + r.out());
        }
        assertEquals(
                "checksum MISMATCH: these are not the official Fashion-MNIST files",
                lines.get(lines.size() - 1));
    }

    @Test
    void anEmptyDataDirIsBadInputNamingTheMissingFiles() {
        String error = CommandRunner.runLine("data --data-dir {}", temp).assertOneLineError(2);
        assertTrue(
                error.contains(
                        "--data-dir "
                                + temp
                                + ": expected the 4 Fashion-MNIST files, found 0;"
                                + " missing "
                                + String.join(", ", FashionMnist.FILE_NAMES)),
                error);
    }
}
