package bnlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One process per output directory: claims, refusals, stale claims and default names. */
class DirectoryClaimTest {

    private static final int RACERS = 8;

    @TempDir Path temp;

    @Test
    void aSecondClaimantIsRefusedNamingTheDirectoryAndThePid() {
        Path dir = temp.resolve("out");
        try (DirectoryClaim first = DirectoryClaim.claim(dir)) {
            assertTrue(first.createdDirectory());
            DirectoryInUseException e =
                    assertThrows(DirectoryInUseException.class, () -> DirectoryClaim.claim(dir));
            assertTrue(
                    e.getMessage()
                            .startsWith(
                                    dir
                                            + " is in use by another bnlab process (pid "
                                            + ProcessHandle.current().pid()),
                    e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
        assertFalse(Files.exists(dir), "released with nothing written: the directory it made goes");
        try (DirectoryClaim again = DirectoryClaim.claim(dir)) {
            assertTrue(Files.isDirectory(again.directory()), "free again once released");
        }
    }

    @Test
    void ofManyRacingForOneDirectoryExactlyOneWins() throws Exception {
        Path dir = temp.resolve("race");
        List<Object> results = race(() -> DirectoryClaim.claim(dir));
        long won = results.stream().filter(r -> r instanceof DirectoryClaim).count();
        assertEquals(1, won, results.toString());
        results.stream()
                .filter(r -> !(r instanceof DirectoryClaim))
                .forEach(r -> assertTrue(r instanceof DirectoryInUseException, r.toString()));
        results.stream()
                .filter(r -> r instanceof DirectoryClaim)
                .forEach(r -> ((DirectoryClaim) r).close());
    }

    @Test
    void defaultNamesTakenInTheSameSecondAreNumbered() throws Exception {
        Path base = temp.resolve("runs").resolve("scratch-20250101-120000");
        List<Object> results = race(() -> DirectoryClaim.claimNew(base));
        Set<Path> dirs = new HashSet<>();
        for (Object r : results) {
            assertTrue(r instanceof DirectoryClaim, r.toString());
            dirs.add(((DirectoryClaim) r).directory());
        }
        assertEquals(RACERS, dirs.size(), "every claimant has its own directory: " + dirs);
        assertTrue(dirs.contains(base));
        assertTrue(dirs.contains(base.resolveSibling(base.getFileName() + "-2")));
        results.forEach(r -> ((DirectoryClaim) r).close());
    }

    @Test
    void theClaimOfAProcessThatNoLongerRunsIsTakenOver() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("stale"));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String live;
        try (DirectoryClaim mine = DirectoryClaim.claim(temp.resolve("template"))) {
            live = Files.readString(mine.directory().resolve(DirectoryClaim.FILE));
        }
        Files.writeString(
                dir.resolve(DirectoryClaim.FILE),
                live.replace("pid=" + ProcessHandle.current().pid(), "pid=" + gone.pid()));
        try (DirectoryClaim taken = DirectoryClaim.claimEmpty(dir, name -> false)) {
            taken.check();
            assertFalse(taken.createdDirectory());
        }
        assertEquals(List.of(), list(dir), "released: the directory the user named stays empty");
    }

    @Test
    void aClaimFileThatIsNotBnlabsIsRefusedNotOverwritten() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("odd"));
        Files.writeString(dir.resolve(DirectoryClaim.FILE), "something else");
        DirectoryInUseException e =
                assertThrows(DirectoryInUseException.class, () -> DirectoryClaim.claim(dir));
        assertTrue(
                e.getMessage().contains("delete " + dir.resolve(DirectoryClaim.FILE)),
                e.getMessage());
        assertEquals("something else", Files.readString(dir.resolve(DirectoryClaim.FILE)));
    }

    @Test
    void aDirectoryTakenOverByAnotherClaimIsNoLongerWritten() throws Exception {
        Path dir = temp.resolve("lost");
        try (DirectoryClaim claim = DirectoryClaim.claim(dir)) {
            claim.check();
            Files.writeString(dir.resolve(DirectoryClaim.FILE), "token=other\n");
            IllegalStateException replaced =
                    assertThrows(IllegalStateException.class, claim::check);
            assertEquals(
                    dir
                            + " is no longer this process's: its .bnlab-claim was replaced by"
                            + " another process's, so nothing more is written there",
                    replaced.getMessage());
            Files.delete(dir.resolve(DirectoryClaim.FILE));
            assertThrows(IllegalStateException.class, claim::check);
        }
    }

    @Test
    void claimingForNewOutputRefusesContentAndClearsAKilledWritersTemporaries() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("used"));
        Files.writeString(dir.resolve(".lr-sweep.csv.1234.part"), "half");
        Files.createDirectories(dir.resolve(".checkpoint-9"));
        try (DirectoryClaim claim =
                DirectoryClaim.claimEmpty(dir, n -> n.startsWith(".checkpoint-"))) {
            assertEquals(List.of(DirectoryClaim.FILE), list(dir));
        }
        Files.writeString(dir.resolve("notes.txt"), "mine");
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> DirectoryClaim.claimEmpty(dir, n -> false));
        assertEquals(
                dir + " is not empty; choose a new directory so no earlier run is overwritten",
                e.getMessage());
        assertEquals(List.of("notes.txt"), list(dir), "refused: the claim is not left behind");
    }

    @Test
    void aFileOrAPathUnderAFileIsRefusedNamingIt() throws Exception {
        Path file = Files.writeString(temp.resolve("file"), "keep");
        assertEquals(
                file + " is a file, expected a new or empty directory",
                assertThrows(IllegalArgumentException.class, () -> DirectoryClaim.claim(file))
                        .getMessage());
        assertEquals(
                file.resolve("x")
                        + ": "
                        + file
                        + " is a file, so the directory cannot be created under it",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> DirectoryClaim.claim(file.resolve("x")))
                        .getMessage());
        assertEquals("keep", Files.readString(file));
    }

    /** Runs {@code claim} on {@value #RACERS} threads released at once; claims or exceptions. */
    private static List<Object> race(Callable<DirectoryClaim> claim) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                futures.add(
                        pool.submit(
                                () -> {
                                    go.await();
                                    try {
                                        return claim.call();
                                    } catch (RuntimeException e) {
                                        return e;
                                    }
                                }));
            }
            go.countDown();
            List<Object> results = new ArrayList<>();
            for (Future<Object> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    private static List<String> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
