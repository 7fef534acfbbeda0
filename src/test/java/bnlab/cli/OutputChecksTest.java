package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.testing.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every file or directory a command writes is checked before it does any work: a path that cannot
 * be written is a one-line usage error (exit 2) naming the option and the path, printed before the
 * command has printed anything, and nothing is left on disk.
 */
class OutputChecksTest {

    @TempDir Path temp;

    /** Commands with their options, {@code OUT} standing for the output path under test. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "bench --steps 1 --warmup 0 --json OUT | --json",
                "bench --steps 1 --warmup 0 --profile OUT | --profile",
                "report RUN --output OUT | --output",
            })
    void aFileOutputThatCannotBeWrittenIsRefusedBeforeAnyWork(String commandLine, String option)
            throws Exception {
        Path run = InitialisedRun.scratch(temp.resolve("run"));
        Path file = Files.writeString(temp.resolve("plain-file"), "keep");
        List<String[]> cases =
                List.of(
                        new String[] {
                            temp.resolve("no/such/dir/b.json").toString(), "does not exist"
                        },
                        new String[] {temp.toString(), "is a directory"},
                        new String[] {"/dev/null", "is not a regular file"},
                        new String[] {file.resolve("b.json").toString(), "is a file"},
                        new String[] {"/proc/bnlab-test.json", "is not writable"});
        for (String[] c : cases) {
            if (commandLine.startsWith("report") && c[1].equals("does not exist")) {
                continue; // report creates the missing directories of its --output
            }
            List<String> args = new ArrayList<>();
            for (String word : commandLine.split(" ")) {
                args.add(word.equals("OUT") ? c[0] : word.equals("RUN") ? run.toString() : word);
            }
            CommandRunner r = CommandRunner.run(args.toArray(String[]::new));
            String name = args.get(0);
            assertEquals(2, r.exitCode(), c[0] + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("bnlab " + name + ": " + option + " " + c[0]), r.err());
            assertTrue(r.err().contains(c[1]), r.err());
            assertEquals("", r.out(), "refused before any work");
        }
        assertEquals("keep", Files.readString(file));
        assertFalse(Files.exists(temp.resolve("no")));
        try (Stream<Path> s = Files.list(temp)) {
            assertTrue(
                    s.noneMatch(p -> p.getFileName().toString().startsWith(".bnlab-probe")),
                    "the write probes are removed");
        }
    }

    /** The directory outputs of the commands that train, fold or experiment. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "train --epochs 1 --limit-batches 1 --output OUT",
                "compare --epochs 1 --limit-batches 1 --output OUT",
                "fold RUN --output OUT",
                "experiment lr-sweep --epochs 1 --limit-batches 1 --lrs 0.1 --output OUT",
                "experiment paper-figure1 --steps 2 --every 1 --output OUT",
            })
    void aDirectoryOutputThatCannotTakeTheOutputIsRefusedBeforeAnyWork(String commandLine)
            throws Exception {
        Path run = InitialisedRun.scratch(temp.resolve("run"));
        Path file = Files.writeString(temp.resolve("plain-file"), "keep");
        Path full = Files.createDirectories(temp.resolve("full"));
        Files.writeString(full.resolve("earlier.csv"), "mine");
        List<String[]> cases =
                List.of(
                        new String[] {file.toString(), "is a file"},
                        new String[] {file.resolve("x").toString(), "is a file"},
                        new String[] {"/proc/bnlab-test-out", "is not writable"},
                        new String[] {full.toString(), "is not empty"});
        for (String[] c : cases) {
            List<String> args = new ArrayList<>();
            for (String word : commandLine.split(" ")) {
                args.add(word.equals("OUT") ? c[0] : word.equals("RUN") ? run.toString() : word);
            }
            CommandRunner r = CommandRunner.run(args.toArray(String[]::new));
            String name =
                    String.join(" ", args.subList(0, args.get(0).equals("experiment") ? 2 : 1));
            assertEquals(2, r.exitCode(), c[0] + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("bnlab " + name + ": --output " + c[0]), r.err());
            assertTrue(r.err().contains(c[1]), r.err());
            assertEquals("", r.out(), "refused before any work");
        }
        assertEquals("keep", Files.readString(file));
        assertEquals(List.of(full.resolve("earlier.csv")), list(full));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
