package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.bench.ScalingChart;
import bnlab.bench.ScalingCsv;
import bnlab.testing.CommandRunner;
import bnlab.testing.RealData;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark command's output, on a few steps (its figures are measured elsewhere, not here).
 */
@ExtendWith(RealData.class)
class BenchCommandIT {

    @TempDir Path temp;

    /** Runs {@code bench options} on 1 warm-up and 3 timed steps of batch 32, to JSON. */
    private static CommandRunner benchBriefly(Path json, String options) {
        return CommandRunner.runLine(
                "bench " + options + " --warmup 1 --steps 3 --batch-size 32 --json {}", json);
    }

    @Test
    void printsARowPerVariantAndWritesTheSameFiguresAsJson() throws Exception {
        Path json = temp.resolve("bench.json");
        CommandRunner r = benchBriefly(json, "--variant scratch");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("batch 32, 1 warm-up + 3 timed steps"), r.out());
        // the settings of this JVM's environment, as the launcher would have set them or not
        String malloc = expectedMallocSettings();
        assertTrue(r.out().lines().anyMatch(l -> l.equals("malloc: " + malloc)), r.out());
        JsonObject doc = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        JsonArray results = doc.getAsJsonArray("results");
        assertEquals(1, results.size());
        JsonObject scratch = results.get(0).getAsJsonObject();
        assertEquals("SCRATCH", scratch.get("variant").getAsString());
        double step = scratch.get("stepMedianMs").getAsDouble();
        double phases =
                scratch.get("dataMedianMs").getAsDouble()
                        + scratch.get("forwardMedianMs").getAsDouble()
                        + scratch.get("backwardMedianMs").getAsDouble()
                        + scratch.get("optimizerMedianMs").getAsDouble();
        assertTrue(step > 0 && phases > 0, scratch.toString());
        assertEquals(32 * 1000.0 / step, scratch.get("trainImagesPerSecond").getAsDouble(), 1e-6);
        assertEquals(malloc, doc.get("malloc").getAsString());
        assertTrue(scratch.get("faultsPerStep").getAsDouble() >= 0, scratch.toString());
        // the two splits alone are 55 MB of held native memory
        assertTrue(scratch.get("heldMiB").getAsDouble() > 50, scratch.toString());
        assertRowShows(rowOf(r, "scratch"), scratch, TRAINING_CELLS);
    }

    /** A numeric column of a printed bench table: the JSON field it shows and its format. */
    private record Cell(String field, String format) {}

    /** The columns of BenchTables.TRAINING after the variant, from "step ms" to "held MiB". */
    private static final List<Cell> TRAINING_CELLS =
            List.of(
                    new Cell("stepMedianMs", "%9.2f"),
                    new Cell("stepP90Ms", "%8.2f"),
                    new Cell("dataMedianMs", "%7.2f"),
                    new Cell("forwardMedianMs", "%8.2f"),
                    new Cell("backwardMedianMs", "%8.2f"),
                    new Cell("optimizerMedianMs", "%8.2f"),
                    new Cell("trainImagesPerSecond", "%10.0f"),
                    new Cell("inferenceImagesPerSecond", "%10.0f"),
                    new Cell("epochSecondsEstimate", "%9.2f"),
                    new Cell("faultsPerStep", "%8.0f"),
                    new Cell("residentMiB", "%8.0f"),
                    new Cell("peakResidentMiB", "%8.0f"),
                    new Cell("heldMiB", "%8.1f"));

    /** The columns of BenchTables.PEER after the variant, from "bnlab ms" to "peer step". */
    private static final List<Cell> PEER_CELLS =
            List.of(
                    new Cell("bnlabStepMedianMs", "%9.2f"),
                    new Cell("peerStepMedianMs", "%9.2f"),
                    new Cell("ratio", "%10.2f"),
                    new Cell("peerDataMedianMs", "%9.2f"),
                    new Cell("peerTrainBatchMedianMs", "%10.2f"),
                    new Cell("peerOptimizerMedianMs", "%9.2f"));

    /** The printed row of {@code variant}. */
    private static String rowOf(CommandRunner r, String variant) {
        return r.out().lines().filter(l -> l.startsWith(variant + " ")).findFirst().orElseThrow();
    }

    /**
     * Asserts that {@code row} shows {@code result} of the same run: its variant, then each of
     * {@code cells} formatted as its column formats it, so that a column showing another figure
     * than its header says fails (timings differ between runs, never within one).
     */
    private static void assertRowShows(String row, JsonObject result, List<Cell> cells) {
        String[] printed = row.trim().split("\\s+");
        assertEquals(cells.size() + 1, printed.length, row);
        assertEquals(result.get("variant").getAsString().toLowerCase(Locale.ROOT), printed[0], row);
        for (int i = 0; i < cells.size(); i++) {
            Cell cell = cells.get(i);
            double value = result.get(cell.field()).getAsDouble();
            assertEquals(
                    String.format(Locale.ROOT, cell.format(), value).trim(),
                    printed[i + 1],
                    cell.field() + " in " + row);
        }
    }

    /** What {@code bench} must report for the environment this test runs in. */
    private static String expectedMallocSettings() {
        String tunables = System.getenv("GLIBC_TUNABLES");
        return tunables == null || tunables.isBlank()
                ? "glibc defaults (GLIBC_TUNABLES unset; ./bnlab sets it)"
                : "GLIBC_TUNABLES=" + tunables;
    }

    @Test
    void mallocSettingsNameTheTunablesOrSayTheyAreUnset() {
        assertEquals(
                "GLIBC_TUNABLES=glibc.malloc.trim_threshold=1",
                BenchCommand.mallocSettings("glibc.malloc.trim_threshold=1"));
        String unset = "glibc defaults (GLIBC_TUNABLES unset; ./bnlab sets it)";
        assertEquals(unset, BenchCommand.mallocSettings(null));
        assertEquals(unset, BenchCommand.mallocSettings(" "));
    }

    @Test
    void inferenceAndProfileAreExclusiveModes() {
        String error =
                CommandRunner.runLine("bench --inference --profile {}", temp.resolve("t.json"))
                        .assertOneLineError(2);
        assertTrue(error.contains("--inference, --profile=TRACE are mutually exclusive"), error);
    }

    @Test
    void profileWritesTheTraceAndListsTheOperators() throws Exception {
        Path trace = temp.resolve("trace.json");
        CommandRunner r =
                CommandRunner.runLine(
                                "bench --profile {} --variant concise --warmup 1 --steps 2"
                                        + " --batch-size 32 --top 5",
                                trace)
                        .assertSuccess();
        assertTrue(r.out().contains("bnlab bench --profile: concise"), r.out());
        // Which operators make the top five depends on timing, which a loaded machine changes
        // (aten::mm or aten::index can crowd the convolutions out of two short steps): the table
        // is checked for its shape, the trace for the operators every LeNet step runs.
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("aten::")), r.out());
        assertEquals(
                5,
                r.out().lines().filter(l -> l.matches("^\\S+.*%\\s+\\d+\\.\\d$")).count(),
                r.out());
        String events = Files.readString(trace);
        assertTrue(events.contains("aten::convolution"), "the trace holds the convolutions");
        assertTrue(events.contains("aten::max_pool2d_with_indices"));
        try (var files = Files.list(temp)) {
            assertEquals(1, files.count(), "no partial trace left beside it");
        }
    }

    @Test
    void profileIntoAMissingDirectoryIsAUsageErrorBeforeAnyWork() {
        Path missing = temp.resolve("no/such/dir/trace.json");
        CommandRunner r = CommandRunner.runLine("bench --profile {}", missing);
        assertEquals(2, r.exitCode());
        assertTrue(
                r.err()
                        .contains(
                                "--profile "
                                        + missing
                                        + ": directory "
                                        + missing.getParent()
                                        + " does not exist"),
                r.err());
        CommandRunner directory = CommandRunner.runLine("bench --profile {}", temp);
        assertEquals(2, directory.exitCode());
        assertTrue(directory.err().contains(temp + " is a directory"), directory.err());
        CommandRunner both =
                CommandRunner.runLine(
                        "bench --profile {} --json {}",
                        temp.resolve("t.json"),
                        temp.resolve("b.json"));
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("--profile cannot be combined"), both.err());
    }

    @Test
    void peerDjlPrintsBothStepTimesAndTheirRatioAndWritesThemAsJson() throws Exception {
        Path json = temp.resolve("peer.json");
        // one timed step: the medians are that step's times, so the ratio (a median of per-step
        // ratios) must be exactly their quotient
        CommandRunner r =
                CommandRunner.runLine(
                        "bench --peer djl --variant concise --warmup 1 --steps 1 --batch-size 32"
                                + " --json {}",
                        json);
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(
                r.out().contains("bnlab bench --peer djl: batch 32, 1 warm-up + 1 timed"), r.out());
        assertTrue(
                r.out()
                        .lines()
                        .anyMatch(l -> l.startsWith("variant  ") && l.contains("peer/bnlab")));
        JsonObject result =
                JsonParser.parseString(Files.readString(json))
                        .getAsJsonObject()
                        .getAsJsonArray("results")
                        .get(0)
                        .getAsJsonObject();
        assertEquals("djl", result.get("peer").getAsString());
        assertEquals(1, result.get("timedSteps").getAsInt());
        double bnlab = result.get("bnlabStepMedianMs").getAsDouble();
        double peer = result.get("peerStepMedianMs").getAsDouble();
        assertTrue(bnlab > 0 && peer > 0, result.toString());
        // peer/bnlab, as the header says (above 1: bnlab is faster), not its inverse
        assertEquals(peer / bnlab, result.get("ratio").getAsDouble(), result.toString());
        assertRowShows(rowOf(r, "concise"), result, PEER_CELLS);
        double phases =
                result.get("peerDataMedianMs").getAsDouble()
                        + result.get("peerTrainBatchMedianMs").getAsDouble()
                        + result.get("peerOptimizerMedianMs").getAsDouble();
        assertTrue(phases > 0, result.toString());
    }

    @Test
    void peerIsAnExclusiveModeThatKnowsOnlyDjl() {
        CommandRunner unknown = CommandRunner.runLine("bench --peer tensorflow");
        assertEquals(2, unknown.exitCode());
        assertEquals(
                usageError("--peer: unknown peer 'tensorflow', expected djl"),
                unknown.err().strip());
        CommandRunner both = CommandRunner.runLine("bench --peer djl --inference");
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("mutually exclusive"), both.err());
    }

    @Test
    void scalingWritesOneRowPerBatchSizeKeepsOtherRowsAndDrawsTheChart() throws Exception {
        Path csv = temp.resolve("scaling.csv");
        // a PyTorch row written earlier by bench/scaling.sh: kept, and charted with bnlab's
        String pytorch = "pytorch,concise,1,16,1,2,3.5,4.0,4571.4,400.0,420.0";
        Files.writeString(csv, String.join(",", ScalingCsv.COLUMNS) + "\n" + pytorch + "\n");
        CommandRunner r = scalingConcise(csv, "--batch-sizes 16,32 --warmup 1 --steps 2");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(String.join(",", ScalingCsv.COLUMNS), lines.get(0));
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(1).startsWith("bnlab,concise,1,16,1,2,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("bnlab,concise,1,32,1,2,"), lines.get(2));
        assertEquals(pytorch, lines.get(3));
        for (String line : lines.subList(1, 3)) {
            String[] cells = line.split(",");
            double stepMs = Double.parseDouble(cells[6]);
            int batch = Integer.parseInt(cells[3]);
            assertEquals(batch * 1000.0 / stepMs, Double.parseDouble(cells[8]), 1e-6, line);
            assertTrue(
                    Double.parseDouble(cells[9]) > 50, "resident memory holds the data: " + line);
        }
        byte[] png = Files.readAllBytes(temp.resolve("scaling.png"));
        assertEquals(
                ScalingChart.PANEL_WIDTH * 3,
                ImageIO.read(new ByteArrayInputStream(png)).getWidth());

        // measuring a point again replaces its row
        CommandRunner again = scalingConcise(csv, "--batch-sizes 16 --warmup 0 --steps 1");
        assertEquals(0, again.exitCode(), again.err());
        List<String> after = Files.readAllLines(csv);
        assertEquals(4, after.size(), after.toString());
        assertTrue(after.get(1).startsWith("bnlab,concise,1,16,0,1,"), after.get(1));
        assertEquals(lines.get(2), after.get(2));
    }

    /** Runs {@code bench --scaling csv options} for concise on one thread. */
    private static CommandRunner scalingConcise(Path csv, String options) {
        return CommandRunner.runLine(
                "bench --scaling {} --variant concise " + options + " --threads 1", csv);
    }

    @Test
    void scalingRejectsBadSizesAndForeignFilesBeforeAnyWork() throws Exception {
        Path csv = temp.resolve("s.csv");
        CommandRunner zero = CommandRunner.runLine("bench --scaling {} --batch-sizes 16,0", csv);
        assertEquals(2, zero.exitCode());
        assertEquals(usageError("--batch-sizes must be in 2..4096, got 0"), zero.err().strip());
        CommandRunner withoutScaling = CommandRunner.runLine("bench --batch-sizes 16");
        assertEquals(2, withoutScaling.exitCode());
        assertEquals(
                usageError("--batch-sizes is only for --scaling"), withoutScaling.err().strip());
        Path other = temp.resolve("other.csv");
        Files.writeString(other, "epoch,loss\n1,0.5\n");
        String foreign = CommandRunner.runLine("bench --scaling {}", other).assertOneLineError(2);
        assertTrue(foreign.contains(other + ": not a scaling table"), foreign);
        assertEquals("epoch,loss\n1,0.5\n", Files.readString(other));
        assertFalse(Files.exists(temp.resolve("other.png")));
    }

    /** The one line picocli prints for a usage error of {@code bench}. */
    private static String usageError(String message) {
        return "bnlab bench: " + message + " (see 'bnlab bench --help')";
    }

    @Test
    void badArgumentsAreUsageErrors() {
        // numeric options out of range: NumericOptionsTest
        CommandRunner r = CommandRunner.runLine("bench --variant fancy");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("unknown variant 'fancy'"), r.err());
    }
}
