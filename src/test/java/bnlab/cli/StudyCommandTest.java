package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.studies.ChapterStudies;
import bnlab.study.Study;
import bnlab.testing.CommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code bnlab study}: the list, the help and bad usage, all before any data is read. */
class StudyCommandTest {

    private static final String NAMES =
            "bias, lr, placement, lite, fixed-affine, dropout, batch-size, statistics";

    @TempDir Path temp;

    @Test
    void listPrintsOneLinePerStudyWithItsDefaults() {
        CommandRunner r = CommandRunner.runLine("study --list").assertSuccess();
        List<String> lines = r.out().lines().toList();
        List<Study> studies = ChapterStudies.all();
        assertEquals(studies.size(), lines.size(), r.out());
        for (int i = 0; i < lines.size(); i++) {
            Study s = studies.get(i);
            assertTrue(lines.get(i).startsWith(s.name() + " "), lines.get(i));
            assertTrue(
                    lines.get(i)
                            .endsWith(
                                    s.description()
                                            + " (default: "
                                            + StudyCommand.describe(s, s.defaults())
                                            + ")"),
                    lines.get(i));
        }
        assertTrue(r.out().contains("(default: 5 seeds, 4 epochs, all batches)"), r.out());
        assertTrue(r.out().contains("(default: 3 seeds, 3 epochs, 80 batches per epoch)"), r.out());
        assertTrue(r.out().contains("(default: 3 seeds, 1 epoch, 10240 examples each)"), r.out());
    }

    @Test
    void helpListsEveryStudysDefaults() {
        CommandRunner r = CommandRunner.runLine("study --help").assertSuccess();
        for (Study s : ChapterStudies.all()) {
            assertTrue(
                    r.out()
                            .lines()
                            .anyMatch(
                                    l ->
                                            l.strip().startsWith(s.name() + " ")
                                                    && l.endsWith(
                                                            StudyCommand.describe(
                                                                    s, s.defaults()))),
                    s.name() + " in\n" + r.out());
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "nosuch              | unknown study 'nosuch', expected one of " + NAMES,
                "''                  | a study NAME is required, one of " + NAMES,
                "--list bias         | --list takes no study NAME, got 'bias'",
                "bias --seeds 0      | --seeds must be in 1..100, got 0",
                "bias --epochs -1    | --epochs must be in 1..1000, got -1",
                "bias --seeds x      | Invalid value for option '--seeds': 'x' is not an int",
                "bias extra          | Unmatched argument at index 2: 'extra'",
            })
    void badUsageIsOneLineAndExit2(String args, String message) {
        Path output = temp.resolve("out");
        CommandRunner.runLine("study " + args + " --output {}", output)
                .assertUsageError("study", message);
        assertFalse(Files.exists(output));
    }
}
