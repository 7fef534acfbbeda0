package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The files of a study directory, whether {@code study} or {@code compare --seeds} wrote it. */
final class StudyFiles {

    /** What every study directory holds. */
    private static final List<String> COMMON =
            List.of(
                    "runs.csv",
                    "epochs.csv",
                    "summary.csv",
                    "test_acc.png",
                    "test_acc_by_epoch.png",
                    "loss_by_epoch.png",
                    "answer.md",
                    "report.html");

    private StudyFiles() {}

    /** Asserts that {@code dir} holds the {@link #COMMON} files and {@code more}, none empty. */
    static void assertWritten(Path dir, String... more) throws IOException {
        List<String> files = new ArrayList<>(COMMON);
        files.addAll(List.of(more));
        for (String file : files) {
            assertTrue(Files.size(dir.resolve(file)) > 0, file);
        }
    }
}
