package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.data.FashionMnist;
import bnlab.testing.CommandRunner;
import bnlab.testing.RealData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code bnlab data} on the installed real files and on an empty directory. */
@ExtendWith(RealData.class)
class DataCommandIT {

    @TempDir Path temp;

    @Test
    void showsWhereTheDataIsAndVerifiesTheFourFiles() {
        CommandRunner r = CommandRunner.run("data");
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.startsWith("Fashion-MNIST in "), r.out);
        for (String name : FashionMnist.FILE_NAMES) {
            assertTrue(
                    r.out.lines().anyMatch(l -> l.startsWith("OK ") && l.contains(name)),
                    name + ": " + r.out);
        }
        assertTrue(r.out.contains("all 4 files OK"), r.out);
    }

    @Test
    void anEmptyDataDirIsBadInputNamingTheMissingFiles() {
        CommandRunner r = CommandRunner.run("data", "--data-dir", temp.toString());
        assertEquals(2, r.exitCode, r.err);
        assertEquals(1, r.err.lines().count(), r.err);
        assertTrue(
                r.err.contains(
                        "--data-dir "
                                + temp
                                + ": expected the 4 Fashion-MNIST files, found 0;"
                                + " missing "
                                + String.join(", ", FashionMnist.FILE_NAMES)),
                r.err);
    }
}
