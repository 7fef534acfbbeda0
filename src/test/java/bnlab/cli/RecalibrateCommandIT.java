package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.data.Split;
import bnlab.testing.CommandRunner;
import bnlab.testing.GrayImages;
import bnlab.testing.RealData;
import bnlab.testing.TinyRun;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate --statistics} and {@code recalibrate} on a copy of the {@link TinyRun}: the
 * recalibrated run gives the accuracy of population statistics wherever it is loaded.
 */
@ExtendWith(RealData.class)
class RecalibrateCommandIT {

    private static final Pattern ACCURACY = Pattern.compile("test accuracy (\\d\\.\\d{4})");

    @TempDir static Path temp;
    static Path run;

    @BeforeAll
    static void copyTheTinyRun() throws Exception {
        run = TinyRun.copy(temp.resolve("run"));
    }

    private static double accuracy(CommandRunner r) {
        assertEquals(0, r.exitCode(), r.err());
        Matcher m = ACCURACY.matcher(r.out());
        assertTrue(m.find(), r.out());
        return Double.parseDouble(m.group(1));
    }

    @Test
    void theRecalibratedRunGivesPopulationStatisticsWhereverItIsLoaded() throws Exception {
        double running = accuracy(CommandRunner.runLine("evaluate {}", run));
        double population =
                accuracy(CommandRunner.runLine("evaluate {} --statistics population", run));

        Path out = temp.resolve("recalibrated");
        CommandRunner r =
                CommandRunner.runLine("recalibrate {} --output {}", run, out).assertSuccess();
        assertTrue(
                r.out()
                        .contains(
                                String.format(
                                        "test accuracy %.4f with population statistics, %.4f with the"
                                                + " running ones",
                                        population, running)),
                r.out());
        assertTrue(r.out().contains("population statistics of 4 batch-norm layers over 60000"));
        assertTrue(r.out().contains("run saved to " + out), r.out());
        JsonObject from =
                JsonParser.parseString(Files.readString(out.resolve("config.json")))
                        .getAsJsonObject()
                        .getAsJsonObject(RecalibrateCommand.RECALIBRATED_FROM);
        assertEquals(population, from.get("testAccuracy").getAsDouble(), 1e-12);
        assertEquals(4, from.getAsJsonArray("layers").size());

        assertEquals(population, accuracy(CommandRunner.runLine("evaluate {}", out)));
        CommandRunner fold = CommandRunner.runLine("fold {}", out).assertSuccess();
        assertTrue(fold.out().contains(String.format("%.4f unfolded", population)), fold.out());

        Split test = RealData.fashionMnist().test();
        Path image = temp.resolve("first.png");
        ImageIO.write(GrayImages.of(test, 0), "png", image.toFile());
        CommandRunner.runLine("predict {} {}", out, image).assertSuccess();
    }

    @Test
    void batchStatisticsDependOnTheTestBatchSize() {
        CommandRunner r =
                CommandRunner.runLine("evaluate {} --statistics batch --batch-size 32 --json", run)
                        .assertSuccess();
        JsonObject doc = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals("batch", doc.get("statistics").getAsString());
        assertEquals(32, doc.get("batchSize").getAsInt());
        assertEquals(10_000, doc.get("images").getAsInt());
        CommandRunner text =
                CommandRunner.runLine("evaluate {} --statistics batch --batch-size 32", run);
        assertTrue(
                text.out()
                        .contains(
                                "inference mode with batch statistics (of each test batch of 32)"),
                text.out());
        assertEquals(doc.get("accuracy").getAsDouble(), accuracy(text), 5e-5 + 1e-12);

        // the same 256 images in batches of 2 and of 256: each batch's own statistics, so the
        // accuracies differ, and differ from the running statistics'
        double ofTwo = jsonAccuracy("--statistics batch --batch-size 2 --limit-batches 128");
        double ofAll = jsonAccuracy("--statistics batch --batch-size 256 --limit-batches 1");
        double running = jsonAccuracy("--batch-size 256 --limit-batches 1");
        assertNotEquals(ofTwo, ofAll, "batches of 2 and of 256");
        assertNotEquals(running, ofTwo, "running statistics and batches of 2");
    }

    /** The accuracy {@code evaluate --json} prints on the run's first 256 test images. */
    private static double jsonAccuracy(String options) {
        CommandRunner r =
                CommandRunner.runLine("evaluate {} --json " + options, run).assertSuccess();
        JsonObject doc = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(256, doc.get("images").getAsInt(), options);
        return doc.get("accuracy").getAsDouble();
    }

    @Test
    void badStatisticsSettingsAreUsageErrors() {
        CommandRunner.runLine("evaluate {} --statistics batch --batch-size 1", run)
                .assertUsageError(
                        "evaluate",
                        "--statistics batch with --batch-size 1: Expected more than 1 value per"
                                + " channel when training, got input size (1, 120)");
        CommandRunner.runLine("evaluate {} --statistics moving", run)
                .assertUsageError(
                        "evaluate",
                        "--statistics must be one of running, population, batch, got 'moving'");
        CommandRunner.runLine("evaluate {} --batch-size 0", run)
                .assertUsageError("evaluate", "--batch-size must be in 1..4096, got 0");
    }

    @Test
    void aRunWithoutBatchNormCannotBeRecalibrated() {
        Path plain = TinyRun.train(temp.resolve("plain"), "plain", 2);
        CommandRunner r = CommandRunner.runLine("recalibrate {}", plain);
        assertEquals(2, r.exitCode(), r.out());
        assertEquals(
                "bnlab: "
                        + plain
                        + ": cannot recalibrate: its network has no batch-norm layer that keeps"
                        + " running statistics",
                r.err().strip());
        assertTrue(Files.notExists(temp.resolve("plain-recalibrated")), "nothing written");
    }

    @Test
    void aNonEmptyOutputIsAUsageErrorAndStaysAsItWas() throws Exception {
        Path busy = Files.createDirectories(temp.resolve("busy"));
        Files.writeString(busy.resolve("keep.txt"), "x");
        CommandRunner r = CommandRunner.runLine("recalibrate {} --output {}", run, busy);
        assertEquals(2, r.exitCode(), r.out());
        assertTrue(r.err().contains("--output") && r.err().contains("not empty"), r.err());
        try (var files = Files.list(busy)) {
            assertEquals(1, files.count());
        }
    }
}
