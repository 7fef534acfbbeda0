package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.report.DiagnosticsCharts;
import bnlab.report.Report;
import bnlab.run.DiagnosticsCsv;
import bnlab.testing.CommandRunner;
import bnlab.testing.RealData;
import bnlab.train.DiagnosticQuantity;
import bnlab.train.DiagnosticRow;
import bnlab.train.DiagnosticsRecorder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --diagnostics} and {@code compare --diagnostics} end to end on tiny runs of the real
 * data: the CSV, the report's panels, resuming, and the option errors.
 */
@ExtendWith(RealData.class)
class DiagnosticsIT {

    /** Rows per recorded step: 5 quantities at 4 sites, 2 at 5 weighted layers. */
    private static final int ROWS_PER_STEP = 4 * 5 + 5 * 2;

    @TempDir Path temp;

    @Test
    void trainWritesTheTableAndTheReportShowsItsPanels() throws Exception {
        Path run = temp.resolve("run");
        // 2 epochs of 4 batches, every 3 steps: steps 1, 4, 7
        train(run, "--diagnostics --every 3").assertSuccess();
        List<String> lines = Files.readAllLines(run.resolve(DiagnosticsCsv.FILE));
        assertEquals("step,epoch,layer,quantity,value", lines.get(0));
        assertEquals(1 + 3 * ROWS_PER_STEP, lines.size());
        List<DiagnosticRow> rows = DiagnosticsCsv.read(run);
        assertEquals(
                List.of(1L, 4L, 7L), rows.stream().map(DiagnosticRow::step).distinct().toList());
        assertTrue(rows.stream().allMatch(row -> Double.isFinite(row.value())), "all measured");

        Document html = Jsoup.parse(run.resolve(Report.HTML_FILE).toFile(), "UTF-8");
        assertEquals(1, html.select("h2#diagnostics").size());
        for (DiagnosticQuantity q : DiagnosticQuantity.values()) {
            assertEquals(1, html.select("img[alt=" + q.title() + " per layer]").size(), q.title());
            BufferedImage png = ImageIO.read(run.resolve(DiagnosticsCharts.fileName(q)).toFile());
            assertEquals(DiagnosticsCharts.ROW_WIDTH, png.getWidth());
            assertEquals(DiagnosticsCharts.PANEL_HEIGHT, png.getHeight());
        }
    }

    @Test
    void withoutTheFlagNothingIsRecordedOrShown() throws Exception {
        Path run = temp.resolve("run");
        train(run, "").assertSuccess();
        assertFalse(Files.exists(run.resolve(DiagnosticsCsv.FILE)));
        try (var files = Files.list(run)) {
            assertTrue(
                    files.noneMatch(f -> f.getFileName().toString().startsWith("diagnostics")),
                    "no diagnostics chart");
        }
        Document html = Jsoup.parse(run.resolve(Report.HTML_FILE).toFile(), "UTF-8");
        assertTrue(html.select("h2#diagnostics").isEmpty());
        assertTrue(html.select("h2#charts").size() == 1, "the rest of the report is there");
    }

    /**
     * A run stopped after epoch 1 and resumed with {@code --diagnostics} keeps epoch 1's rows and
     * appends epoch 2's: the same steps as an uninterrupted run, with the same values (resuming
     * continues exactly).
     */
    @Test
    void aResumedRunAppendsWhereItLeftOff() throws Exception {
        Path whole = temp.resolve("whole");
        train(whole, "--diagnostics --every 3").assertSuccess();
        Path resumed = temp.resolve("resumed");
        CommandRunner.runLine(
                        "train --limit-batches 4 --epochs 1 --diagnostics --every 3 --output {}",
                        resumed)
                .assertSuccess();
        assertEquals(2 * ROWS_PER_STEP, DiagnosticsCsv.read(resumed).size(), "steps 1 and 4");
        CommandRunner.runLine("train --resume {} --epochs 2 --diagnostics --every 3", resumed)
                .assertSuccess();
        List<DiagnosticRow> expected = DiagnosticsCsv.read(whole);
        List<DiagnosticRow> actual = DiagnosticsCsv.read(resumed);
        assertEquals(keys(expected), keys(actual));
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(
                    expected.get(i).value(),
                    actual.get(i).value(),
                    1e-5 * Math.max(1, Math.abs(expected.get(i).value())),
                    keys(expected).get(i));
        }
    }

    @Test
    void compareRecordsEachNetworkAndShowsThemSideBySide() throws Exception {
        Path out = temp.resolve("cmp");
        CommandRunner.runLine(
                        "compare --network scratch --network plain --limit-batches 3 --epochs 1"
                                + " --diagnostics --every 2 --output {}",
                        out)
                .assertSuccess();
        for (String network : List.of("scratch", "plain")) {
            // 3 steps, every 2: steps 1 and 3
            assertEquals(
                    2 * ROWS_PER_STEP, DiagnosticsCsv.read(out.resolve(network)).size(), network);
        }
        Document html = Jsoup.parse(out.resolve(Report.HTML_FILE).toFile(), "UTF-8");
        assertEquals(1, html.select("h2#diagnostics").size());
        assertEquals(
                DiagnosticQuantity.values().length, html.select("img[alt$= per layer]").size());
        assertTrue(
                Files.isRegularFile(
                        out.resolve(DiagnosticsCharts.fileName(DiagnosticQuantity.SATURATED))));
    }

    @Test
    void anIntervalOutOfRangeIsAUsageError() throws Exception {
        for (String every : List.of("0", "-3")) {
            Path run = temp.resolve("bad" + every);
            train(run, "--diagnostics --every " + every)
                    .assertUsageError(
                            "train",
                            "--every must be in 1.."
                                    + DiagnosticsRecorder.MAX_EVERY
                                    + ", got "
                                    + every);
            assertFalse(Files.exists(run));
        }
    }

    @Test
    void theIntervalWithoutDiagnosticsIsAUsageError() throws Exception {
        Path run = temp.resolve("run");
        train(run, "--every 5")
                .assertUsageError(
                        "train",
                        "--every 5 sets how often --diagnostics records; add --diagnostics");
        assertFalse(Files.exists(run));
        CommandRunner.runLine("compare --seeds 2 --diagnostics --epochs 1")
                .assertUsageError(
                        "compare",
                        "--diagnostics cannot be combined with --seeds 2: diagnostics are recorded"
                                + " in the run of one network; compare without --seeds");
    }

    /** {@code bench --diagnostics} times whole rounds of {@code --every} steps of both trainers. */
    @Test
    void benchTimesTrainingWithAndWithoutRecording() {
        CommandRunner r =
                CommandRunner.runLine(
                                "bench --diagnostics --variant plain --warmup 1 --steps 5 --every 2"
                                        + " --batch-size 32")
                        .assertSuccess();
        assertTrue(r.out().contains("1 warm-up steps + 2 rounds of 2 steps each"), r.out());
        String row = r.out().lines().filter(l -> l.startsWith("plain ")).findFirst().orElseThrow();
        String[] cells = row.trim().split("\\s+");
        assertEquals(List.of("plain", "2", "2"), List.of(cells).subList(0, 3), row);
        for (int i = 3; i < 6; i++) {
            assertTrue(Double.parseDouble(cells[i]) > 0, row);
        }
        CommandRunner.runLine("bench --every 5")
                .assertUsageError("bench", "--every is only for --diagnostics");
        CommandRunner.runLine("bench --diagnostics --every 0 --steps 100")
                .assertUsageError("bench", "--every must be in 1..100, got 0");
    }

    /** Runs {@code train options} for 2 epochs of 4 batches into {@code run}. */
    private static CommandRunner train(Path run, String options) {
        return CommandRunner.runLine(
                "train --limit-batches 4 --epochs 2 --output {} " + options, run);
    }

    private static List<String> keys(List<DiagnosticRow> rows) {
        return rows.stream()
                .map(r -> r.step() + "," + r.epoch() + "," + r.layer() + "," + r.quantity())
                .toList();
    }
}
