package bnlab.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Checks, before a command does any work, that a file it will write at the end can be written, so
 * that a long benchmark or a report is never computed only to fail at the last step.
 */
public final class OutputFiles {

    private OutputFiles() {}

    /**
     * Checks that {@code file} can be written by {@link AtomicFiles#write}: it is not a directory
     * or a special file (which the rename would replace), and its directory exists and takes new
     * files (probed by creating one, which also catches read-only file systems and root on {@code
     * /proc}). Creates nothing that stays.
     *
     * @throws IllegalArgumentException beginning with the path, saying what is wrong and what would
     *     be right
     */
    public static void checkWritable(Path file) {
        check(file, false);
    }

    /**
     * As {@link #checkWritable}, for a file whose missing directories the command creates: the
     * nearest existing one must be a directory that takes new entries.
     */
    public static void checkCreatable(Path file) {
        check(file, true);
    }

    private static void check(Path file, boolean createsParents) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(
                    file + " is a directory; give a file name, e.g. " + file.resolve("out.json"));
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    file + " exists and is not a regular file; give a new or ordinary file name");
        }
        Path dir = file.toAbsolutePath().getParent();
        if (createsParents) {
            while (!Files.exists(dir) && dir.getParent() != null) {
                dir = dir.getParent();
            }
        }
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException(
                    file + ": directory " + dir + " does not exist; create it first");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(
                    file
                            + ": "
                            + dir
                            + " is a file, so "
                            + file.getFileName()
                            + " cannot be written under it");
        }
        try {
            Files.delete(Files.createTempFile(dir, ".bnlab-probe-", ".part"));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new IllegalArgumentException(
                    file
                            + " is not writable: cannot create files in "
                            + dir
                            + " ("
                            + e.getClass().getSimpleName()
                            + ")",
                    e);
        }
    }
}
