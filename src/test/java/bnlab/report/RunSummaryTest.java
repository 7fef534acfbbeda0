package bnlab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.train.EpochMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads run directories written as {@code RunDirectory} writes them. */
class RunSummaryTest {

    @TempDir Path temp;

    @Test
    void readsSettingsAndEpochs() throws Exception {
        Path run = writeRun(temp.resolve("run"), "concise");
        RunSummary summary = RunSummary.read(run);
        assertEquals(NetworkConfig.of(Variant.CONCISE), summary.network());
        assertEquals("256", summary.settings().get("batchSize"));
        assertEquals("0.001", summary.settings().get("learningRate"));
        assertEquals("null", summary.settings().get("limitBatches"));
        assertEquals("0.36.0", summary.settings().get("versions.djl"));
        assertEquals(Path.of("/data/fm"), summary.dataDir());
        assertEquals(
                List.of(
                        new EpochMetrics(1, 0.5, 0.8, 0.75, 10.0),
                        new EpochMetrics(2, 0.4, 0.85, 0.8, 20.0)),
                summary.epochs());
        assertEquals(2, summary.last().epoch());
        assertEquals(15.0, summary.meanEpochSeconds(), 1e-12);
    }

    @Test
    void readsACompareOutputInVariantOrder() throws Exception {
        Path compare = temp.resolve("compare");
        writeRun(compare.resolve("plain"), "plain");
        writeRun(compare.resolve("scratch"), "scratch");
        Files.createDirectories(compare.resolve("not-a-run"));
        Path single = writeRun(temp.resolve("single"), "concise");
        List<RunSummary> runs = RunSummary.readAll(List.of(compare, single));
        assertEquals(
                List.of(Variant.SCRATCH, Variant.PLAIN, Variant.CONCISE),
                runs.stream().map(r -> r.network().preset().orElseThrow()).toList());
    }

    @Test
    void namesThePathOfWhatIsNotARun() throws Exception {
        Path missing = temp.resolve("missing");
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> RunSummary.readAll(List.of(missing)));
        assertEquals(missing + ": no such run directory", e.getMessage());

        Path empty = Files.createDirectories(temp.resolve("empty"));
        e = assertThrows(IllegalArgumentException.class, () -> RunSummary.readAll(List.of(empty)));
        assertTrue(e.getMessage().startsWith(empty + ": no metrics.json"), e.getMessage());

        Path broken = writeRun(temp.resolve("broken"), "scratch");
        Files.writeString(
                broken.resolve("metrics.json"),
                "{\"epochs\": [{\"epoch\": 1, \"loss\": 1, \"trainAccuracy\": 2,"
                        + " \"testAccuracy\": 0.5, \"seconds\": 1}]}");
        e = assertThrows(IllegalArgumentException.class, () -> RunSummary.read(broken));
        assertTrue(
                e.getMessage().contains("trainAccuracy must be in [0, 1], got 2.0"),
                e.getMessage());

        Files.writeString(broken.resolve("metrics.json"), "{\"epochs\": []}");
        e = assertThrows(IllegalArgumentException.class, () -> RunSummary.read(broken));
        assertEquals(
                broken.resolve("metrics.json") + ": expected a non-empty 'epochs' array",
                e.getMessage());

        Files.writeString(broken.resolve("metrics.json"), "{\"epochs\": 3}");
        e = assertThrows(IllegalArgumentException.class, () -> RunSummary.read(broken));
        assertEquals(
                broken.resolve("metrics.json") + ": expected an 'epochs' array", e.getMessage());

        Files.writeString(broken.resolve("metrics.json"), "not json");
        e = assertThrows(IllegalArgumentException.class, () -> RunSummary.read(broken));
        assertTrue(
                e.getMessage().startsWith(broken.resolve("metrics.json") + ": "), e.getMessage());
    }

    @Test
    void aLossOrTimeThatIsNotFiniteIsRefusedAsTrainingNeverWritesOne() throws Exception {
        Path run = writeRun(temp.resolve("run"), "scratch");
        for (String bad : List.of("NaN", "Infinity", "-Infinity", "1e999")) {
            for (String key : List.of("loss", "seconds")) {
                String loss = key.equals("loss") ? bad : "0.5";
                String seconds = key.equals("seconds") ? bad : "10.0";
                Files.writeString(
                        run.resolve("metrics.json"),
                        "{\"epochs\": [{\"epoch\": 1, \"loss\": %s, \"trainAccuracy\": 0.8,"
                                        .formatted(loss)
                                + " \"testAccuracy\": 0.75, \"seconds\": %s}]}".formatted(seconds));
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> RunSummary.read(run));
                assertTrue(
                        e.getMessage()
                                .startsWith(
                                        run.resolve("metrics.json")
                                                + ": epoch entry 1: '"
                                                + key
                                                + "'"),
                        bad + ": " + e.getMessage());
            }
        }
    }

    @Test
    void aRunNamedTwiceIsRefusedAndRunsOfOneNameGetLabelsOfTheirOwn() throws Exception {
        Path a = writeRun(temp.resolve("a").resolve("scratch"), "scratch");
        Path b = writeRun(temp.resolve("b").resolve("scratch"), "scratch");
        Path c = writeRun(temp.resolve("c"), "plain");
        List<RunSummary> runs = RunSummary.readAll(List.of(a, b, c));
        assertEquals(
                List.of("scratch (a/scratch)", "scratch (b/scratch)", "plain"),
                runs.stream().map(r -> Charts.label(r, runs)).toList());
        // one chart per run, each series key its own (JFreeChart refuses a duplicate)
        assertEquals(3, Charts.loss(runs).getXYPlot().getDataset().getSeriesCount());
        assertEquals(6, Charts.accuracy(runs).getXYPlot().getDataset().getSeriesCount());

        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> RunSummary.readAll(List.of(a, temp.resolve("a/../a/scratch"))));
        assertEquals(
                temp.resolve("a/../a/scratch")
                        + " (the same as "
                        + a
                        + ") is given twice; name each run once",
                e.getMessage());
    }

    @Test
    void noDataDirIsNullAndAnUnknownVariantNamesTheFile() throws Exception {
        Path run = writeRun(temp.resolve("run"), "plain");
        Files.writeString(run.resolve("config.json"), "{\"variant\": \"plain\"}");
        assertNull(RunSummary.read(run).dataDir());

        Files.writeString(run.resolve("config.json"), "{\"variant\": \"fancy\"}");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> RunSummary.read(run));
        assertEquals(
                run.resolve("config.json")
                        + ": unknown variant 'fancy', expected one of"
                        + " scratch, concise, plain",
                e.getMessage());
    }

    private static Path writeRun(Path dir, String variant) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("config.json"),
                """
                {
                  "variant": "%s",
                  "epochs": 2,
                  "batchSize": 256,
                  "learningRate": 0.001,
                  "limitBatches": null,
                  "dataDir": "/data/fm",
                  "versions": {"bnlab": "dev", "djl": "0.36.0"}
                }
                """
                        .formatted(variant));
        Files.writeString(
                dir.resolve("metrics.json"),
                """
                {
                  "epochs": [
                    {"epoch": 1, "loss": 0.5, "trainAccuracy": 0.8, "testAccuracy": 0.75, "seconds": 10.0},
                    {"epoch": 2, "loss": 0.4, "trainAccuracy": 0.85, "testAccuracy": 0.8, "seconds": 20.0}
                  ]
                }
                """);
        Files.write(dir.resolve("lenet-0002.params"), new byte[] {1});
        return dir;
    }
}
