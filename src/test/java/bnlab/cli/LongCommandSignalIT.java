package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.io.DirectoryClaim;
import bnlab.model.Variant;
import bnlab.run.SavedRun;
import bnlab.testing.BnlabProcess;
import bnlab.testing.CommandRunner;
import bnlab.testing.RealData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM during the commands that train besides {@code train}, sent to a real process: each stops
 * at a batch (or step) boundary, exits 143, and says in one line what it kept, where, and how to
 * continue; what it says is what is on disk, and nothing half-written or claimed is left.
 */
@ExtendWith(RealData.class)
class LongCommandSignalIT {

    private static final Pattern COMPARE_STOPPED =
            Pattern.compile(
                    "bnlab: interrupted at epoch (\\d+), batch (\\d+) of (\\w+); (.+) keeps (.+);"
                            + " continue with: \\./bnlab compare --resume (.+)");
    private static final Pattern KEPT = Pattern.compile("(\\w+) \\(epochs 1\\.\\.(\\d+) of 3\\)");

    @TempDir Path temp;

    @Test
    void compareKeepsEveryCompletedEpochSaysWhereAndResumes() throws Exception {
        Path out = temp.resolve("cmp");
        // the first variant is complete and the second has begun
        String err =
                start("compare --limit-batches 15 --epochs 3 --threads 1 --output {}", out)
                        .terminateWhen(() -> Files.exists(out.resolve("concise/metrics.json")));
        Matcher m = COMPARE_STOPPED.matcher(err);
        assertTrue(m.matches(), "one line saying what is kept: " + err);
        assertEquals(out.toString(), m.group(4));
        assertEquals(out.toString(), m.group(6));
        Matcher kept = KEPT.matcher(m.group(5));
        int listed = 0;
        while (kept.find()) {
            Path run = out.resolve(kept.group(1));
            assertEquals(Integer.parseInt(kept.group(2)), SavedRun.open(run).lastEpoch(), err);
            listed++;
        }
        assertTrue(listed >= 2, "scratch complete and concise begun: " + err);
        assertEquals(3, SavedRun.open(out.resolve("scratch")).lastEpoch());
        assertNoLeftovers(out);

        CommandRunner resumed = CommandRunner.runLine("compare --resume {}", out).assertSuccess();
        assertTrue(
                resumed.out().contains("scratch: complete in " + out.resolve("scratch")),
                resumed.out());
        for (Variant v : Variant.values()) {
            assertEquals(3, SavedRun.open(out.resolve(v.cliName())).lastEpoch(), v.cliName());
        }
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
        assertNoLeftovers(out);
    }

    @Test
    void compareStoppedInItsFirstEpochKeepsNothingAndSaysSo() throws Exception {
        Path out = temp.resolve("early");
        String err =
                start("compare --epochs 1 --threads 1 --output {}", out).terminateInFirstEpoch();
        assertTrue(
                err.matches(
                        "bnlab: interrupted at epoch 1, batch \\d+ of scratch; no epoch was"
                                + " completed, so nothing was saved"),
                err);
        assertFalse(Files.exists(out), "nothing kept, so no directory");
    }

    @Test
    void lrSweepKeepsTheFinishedRowsInItsCsv() throws Exception {
        Path out = temp.resolve("sweep");
        Path csv = out.resolve(LrSweepCommand.CSV_FILE);
        String sweep =
                "experiment lr-sweep --epochs 1 --limit-batches 15 --lrs 0.1,0.2,0.3,0.5,0.7";
        String err =
                start(sweep + " --threads 1 --output {}", out)
                        .terminateWhen(() -> lines(csv) >= 3); // header and two finished runs
        Matcher m =
                Pattern.compile(
                                "bnlab: interrupted at lr [\\d.]+ \\((plain|scratch)\\), epoch 1,"
                                        + " batch \\d+; (.+) keeps the (\\d+) finished run\\(s\\);"
                                        + " the rest .*: \\./bnlab experiment lr-sweep --epochs 1"
                                        + " --batch-size 256 --seed 42 --limit-batches 15 --lrs"
                                        + " ([\\d.,]+) --output (.+)-rest")
                        .matcher(err);
        assertTrue(m.matches(), "one line saying what is kept and how to run the rest: " + err);
        assertEquals(csv.toString(), m.group(2));
        int finished = Integer.parseInt(m.group(3));
        assertEquals(finished + 1, lines(csv), "every finished row is in the CSV");
        int lrsDone = finished / 2;
        assertEquals(
                String.join(",", List.of("0.1", "0.2", "0.3", "0.5", "0.7").subList(lrsDone, 5)),
                m.group(4));
        assertNoLeftovers(out);
    }

    @Test
    void paperFigure1KeepsTheMeasurementsMade() throws Exception {
        Path out = temp.resolve("fig");
        Path csv = out.resolve(PaperFigure1Command.CSV_FILE);
        String err =
                start("experiment paper-figure1 --steps 1000000 --every 20 --output {}", out)
                        .terminateWhen(() -> lines(csv) >= 4);
        Matcher m =
                Pattern.compile(
                                "bnlab: interrupted at step \\d+ of without-bn; (.+) keeps the"
                                        + " (\\d+) measurements made \\(without-bn steps 0\\.\\.\\d+\\);"
                                        + " figure1\\.png needs both networks .*")
                        .matcher(err);
        assertTrue(m.matches(), err);
        assertEquals(csv.toString(), m.group(1));
        assertEquals(Integer.parseInt(m.group(2)) + 1, lines(csv));
        assertNoLeftovers(out);
    }

    /** Starts {@code bnlab commandLine}, its one {@code {}} standing for {@code out}. */
    private BnlabProcess start(String commandLine, Path out) throws IOException {
        return BnlabProcess.startLine(temp.resolve("logs"), commandLine, out);
    }

    private static int lines(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readAllLines(file).size() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** No temporary file, staging directory or claim anywhere under {@code dir}. */
    private static void assertNoLeftovers(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> hidden =
                    all.filter(f -> f.getFileName().toString().startsWith(".")).toList();
            assertEquals(List.of(), hidden, "nothing half-written and no " + DirectoryClaim.FILE);
        }
    }
}
