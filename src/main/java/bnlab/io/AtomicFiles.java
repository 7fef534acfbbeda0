package bnlab.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes files so that a reader, or a process killed half-way, sees either the old complete file or
 * the new complete one: write a temporary file beside the target, then rename it.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Replaces {@code target} with {@code content} atomically. */
    public static void write(Path target, byte[] content) throws IOException {
        Path temp = partialSibling(target);
        try {
            Files.write(temp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * A fresh hidden name beside {@code target} to write it under before {@link #move} (readers of
     * run directories skip {@code .*.part} files). Not {@code Files.createTempFile}: that makes the
     * file private (0600), and a run's files are ordinary.
     */
    public static Path partialSibling(Path target) {
        return target.resolveSibling(
                "." + target.getFileName() + "." + UUID.randomUUID() + ".part");
    }

    /** Whether {@code name} is that of a {@link #partialSibling}: a write not (yet) complete. */
    public static boolean isPartial(String name) {
        return name.startsWith(".") && name.endsWith(".part");
    }

    /** Renames {@code source} to {@code target} atomically, replacing it (same file system). */
    public static void move(Path source, Path target) throws IOException {
        Files.move(
                source,
                target,
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
