package bnlab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Copies of a trained run directory, for tests that damage or alter one. */
final class RunCopies {

    private RunCopies() {}

    /** Copies the files of {@code run} (a flat run directory) into a new directory {@code into}. */
    static Path copy(Path run, Path into) throws Exception {
        Path copy = Files.createDirectories(into);
        try (Stream<Path> files = Files.list(run)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, copy.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return copy;
    }
}
