package bnlab.cli;

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
        CommandRunner r = CommandRunner.runLine("data").assertSuccess();
        assertTrue(r.out().startsWith("Fashion-MNIST in "), r.out());
        for (String name : FashionMnist.FILE_NAMES) {
            assertTrue(
                    r.out().lines().anyMatch(l -> l.startsWith("OK ") && l.contains(name)),
                    name + ": " + r.out());
        }
        assertTrue(r.out().contains("all 4 files OK"), r.out());
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
