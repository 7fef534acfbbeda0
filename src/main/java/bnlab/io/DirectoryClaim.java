package bnlab.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One bnlab process's claim on an output directory, held while it writes there, so that two
 * processes never write into the same directory. The claim is a hidden file {@value #FILE} that
 * appears whole or not at all (written under a temporary name, then hard-linked into place, which
 * fails if the name exists): it names a random token, the process id, its start time and host.
 *
 * <p>A claim left by a process that no longer runs (killed with SIGKILL, a crash) is stale and
 * taken over; one of a live process, or of another host (whose processes cannot be seen), is
 * refused. {@link #check()} tells whether the directory is still this claim's before each write
 * that replaces something; {@link #close()} removes the claim, and the directory too when the claim
 * created it and nothing was written into it.
 */
public final class DirectoryClaim implements AutoCloseable {

    /**
     * The library's name of the setting that names an output directory, for {@link
     * bnlab.errors.Advice} to name: a front end puts its own word in (on the command line {@code
     * --output}).
     */
    public static final String OUTPUT_DIRECTORY = "outputDirectory";

    /** The claim file's name inside the claimed directory. */
    public static final String FILE = ".bnlab-claim";

    /** How many names {@link #claimNew} tries after the first: {@code base-2 .. base-N}. */
    static final int MAX_SUFFIX = 1000;

    private static final int ATTEMPTS = 5;
    private static final long START_TOLERANCE_MILLIS = 1000;

    private final Path dir;
    private final String content;
    private final boolean created;

    private DirectoryClaim(Path dir, String content, boolean created) {
        this.dir = dir;
        this.content = content;
        this.created = created;
    }

    /**
     * Claims {@code dir}, creating it (and its parents) if it does not exist.
     *
     * @throws DirectoryInUseException if a live process holds a claim on it
     * @throws IllegalArgumentException beginning with the path if it is a file, lies under a file,
     *     or cannot be written
     */
    public static DirectoryClaim claim(Path dir) {
        boolean created;
        try {
            created = createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalArgumentException(
                    dir + " is a file, expected a new or empty directory", e);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw notWritable(dir, e);
        }
        return claimCreated(dir, created);
    }

    /**
     * Claims a directory that does not exist yet: {@code base}, or if that exists {@code base-2},
     * {@code base-3} ... (for default names, which two commands started in the same second share).
     *
     * @throws NamesTakenException if every name is taken
     * @throws IllegalArgumentException if none can be created
     */
    public static DirectoryClaim claimNew(Path base) {
        for (int n = 1; n <= MAX_SUFFIX; n++) {
            Path dir = n == 1 ? base : base.resolveSibling(base.getFileName() + "-" + n);
            try {
                Path parent = dir.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                continue; // taken: the next name
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                throw notWritable(dir, e);
            }
            try {
                return claimCreated(dir, true);
            } catch (DirectoryInUseException e) {
                // another process claimed the directory this one just made: the next name
            }
        }
        throw new NamesTakenException(base, MAX_SUFFIX);
    }

    private static DirectoryClaim claimCreated(Path dir, boolean created) {
        String content = newContent();
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                if (link(dir, content)) {
                    return new DirectoryClaim(dir, content, created);
                }
                Optional<String> other = read(dir.resolve(FILE));
                if (other.isEmpty()) {
                    continue; // released this instant: try again
                }
                Map<String, String> holder = parse(other.get());
                if (holder == null || isLive(holder)) {
                    throw new DirectoryInUseException(dir, dir.resolve(FILE), holder);
                }
                removeStale(dir, other.get());
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            if (created) {
                deleteIfEmpty(dir);
            }
            throw notWritable(dir, e);
        }
        throw new DirectoryInUseException(dir, dir.resolve(FILE), null);
    }

    /**
     * Claims {@code dir} for new output, as {@link #claim} does, and checks that it is empty apart
     * from what a killed writer leaves behind: {@link AtomicFiles}' {@code .*.part} files and the
     * entries {@code leftover} accepts, which are deleted.
     *
     * @throws IllegalArgumentException beginning with the path if it holds anything else
     */
    public static DirectoryClaim claimEmpty(Path dir, Predicate<String> leftover) {
        DirectoryClaim claim = claim(dir);
        try {
            List<Path> kept = new ArrayList<>();
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path p : (Iterable<Path>) entries::iterator) {
                    String name = p.getFileName().toString();
                    if (name.equals(FILE)) {
                        continue;
                    }
                    if (AtomicFiles.isPartial(name) || leftover.test(name)) {
                        deleteTree(p);
                    } else {
                        kept.add(p);
                    }
                }
            }
            if (!kept.isEmpty()) {
                throw new IllegalArgumentException(
                        dir
                                + " is not empty; choose a new"
                                + " directory so no earlier run is overwritten");
            }
            return claim;
        } catch (IOException e) {
            claim.close();
            throw notWritable(dir, e);
        } catch (RuntimeException e) {
            claim.close();
            throw e;
        }
    }

    /** Deletes {@code path} and, if it is a directory, everything in it. */
    public static void deleteTree(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> entries = Files.list(path)) {
                for (Path p : (Iterable<Path>) entries::iterator) {
                    deleteTree(p);
                }
            }
        }
        Files.deleteIfExists(path);
    }

    /** Whether this call created {@code dir}: false if it was there already. */
    private static boolean createDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return false;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Path ancestor = parent;
            while (ancestor != null && !Files.exists(ancestor)) {
                ancestor = ancestor.getParent();
            }
            if (ancestor != null && !Files.isDirectory(ancestor)) {
                throw new IllegalArgumentException(
                        dir
                                + ": "
                                + ancestor
                                + " is a file, so the directory cannot be created under it");
            }
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(dir);
            return true;
        } catch (FileAlreadyExistsException e) {
            if (Files.isDirectory(dir)) {
                return false; // made by another process this instant: the claim decides
            }
            throw e;
        }
    }

    /** Puts a complete claim file in place, unless one is there: {@code link(2)} never replaces. */
    private static boolean link(Path dir, String content) throws IOException {
        Path temp = AtomicFiles.partialSibling(dir.resolve(FILE));
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            Files.createLink(dir.resolve(FILE), temp);
            return true;
        } catch (FileAlreadyExistsException | NoSuchFileException e) {
            // taken; or the temporary was cleared by the process that holds the claim
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Takes a stale claim away: renamed aside first, so of two processes doing this at once only
     * one gets it; if what was renamed turns out to be a fresh claim, it is put back.
     */
    private static void removeStale(Path dir, String stale) throws IOException {
        Path file = dir.resolve(FILE);
        Path aside = AtomicFiles.partialSibling(file);
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return;
        }
        try {
            if (!Files.readString(aside, StandardCharsets.UTF_8).equals(stale)) {
                Files.createLink(file, aside);
            }
        } catch (FileAlreadyExistsException | NoSuchFileException e) {
            // a third claim appeared meanwhile, which the next attempt sees
        } finally {
            Files.deleteIfExists(aside);
        }
    }

    /** The directory. */
    public Path directory() {
        return dir;
    }

    /** Whether the claim created the directory (it did not exist before). */
    public boolean createdDirectory() {
        return created;
    }

    /**
     * Checks that the directory is still this claim's: its claim file is there and unchanged.
     *
     * @throws IllegalStateException naming the directory if it was removed, or its claim file
     *     removed or replaced
     */
    public void check() {
        Optional<String> now;
        try {
            now = read(dir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(dir.resolve(FILE) + ": " + e.getMessage(), e);
        }
        if (now.isEmpty() || !now.get().equals(content)) {
            throw new IllegalStateException(
                    dir
                            + " is no longer this process's: its "
                            + FILE
                            + " was "
                            + (now.isEmpty() ? "removed" : "replaced by another process's")
                            + ", so nothing more is written there");
        }
    }

    /**
     * Releases the claim (if still this process's) and removes the directory if the claim created
     * it and it is empty.
     */
    @Override
    public void close() {
        Path file = dir.resolve(FILE);
        try {
            if (read(file).filter(content::equals).isPresent()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            // a claim left behind is stale once this process ends, and taken over then
        }
        if (created) {
            deleteIfEmpty(dir);
        }
    }

    private static void deleteIfEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            // not empty after all, or gone: either way nothing of this process's to remove
        }
    }

    private static Optional<String> read(Path file) throws IOException {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static String newContent() {
        ProcessHandle self = ProcessHandle.current();
        return "token="
                + UUID.randomUUID()
                + "\npid="
                + self.pid()
                + "\nstarted="
                + self.info().startInstant().map(Instant::toEpochMilli).orElse(0L)
                + "\nhost="
                + host()
                + "\n";
    }

    /** The claim's fields, or null if the file is not a claim bnlab wrote. */
    static Map<String, String> parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        try {
            Long.parseLong(fields.getOrDefault("pid", ""));
            Long.parseLong(fields.getOrDefault("started", ""));
        } catch (NumberFormatException e) {
            return null;
        }
        return fields.containsKey("token") && fields.containsKey("host") ? fields : null;
    }

    /**
     * Whether the claimant may still be writing: its process runs (the same pid, started at the
     * same time, so a reused pid does not count), or it ran on another host, where this process
     * cannot look.
     */
    static boolean isLive(Map<String, String> holder) {
        if (!holder.get("host").equals(host())) {
            return true;
        }
        long started = Long.parseLong(holder.get("started"));
        return ProcessHandle.of(Long.parseLong(holder.get("pid")))
                .map(
                        p ->
                                started == 0
                                        || p.info()
                                                .startInstant()
                                                .map(
                                                        i ->
                                                                Math.abs(i.toEpochMilli() - started)
                                                                        <= START_TOLERANCE_MILLIS)
                                                .orElse(true))
                .orElse(false);
    }

    private static String host() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            return System.getenv().getOrDefault("HOSTNAME", "");
        }
    }

    private static IllegalArgumentException notWritable(Path dir, Exception e) {
        Path parent = dir.toAbsolutePath().getParent();
        return new IllegalArgumentException(
                dir
                        + " is not writable: cannot create "
                        + (Files.isDirectory(dir) || parent == null
                                ? "files in it"
                                : "a directory in " + parent)
                        + " ("
                        + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage())
                        + ")",
                e);
    }
}
