package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import bnlab.model.LeNet;
import bnlab.model.Variant;
import bnlab.run.RunDirectory;
import bnlab.testing.CommandRunner;
import bnlab.testing.RealData;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Drives {@code bnlab train} in-process on the real Fashion-MNIST files. */
@ExtendWith(RealData.class)
class TrainCommandIT {

    private static final Pattern EPOCH_LINE =
            Pattern.compile(
                    "epoch (\\d+), loss (\\d+\\.\\d{4}), train acc (\\d\\.\\d{3}), test acc (\\d\\.\\d{3}),"
                            + " time (\\d+\\.\\d) sec");

    @TempDir Path temp;

    @Test
    void shortRunPrintsTheChaptersLinesAndWritesTheRun() throws Exception {
        Path run = temp.resolve("run");
        CommandRunner r =
                CommandRunner.runLine("train --limit-batches 20 --epochs 2 --output {}", run)
                        .assertSuccess();
        assertTrue(r.out().contains("training on cpu()"), r.out());
        assertTrue(
                r.out().contains("(0): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))"), r.out());
        List<String> epochLines = r.out().lines().filter(l -> l.startsWith("epoch ")).toList();
        assertEquals(2, epochLines.size(), r.out());
        double[] losses = new double[2];
        for (int i = 0; i < 2; i++) {
            Matcher m = EPOCH_LINE.matcher(epochLines.get(i));
            assertTrue(m.matches(), epochLines.get(i));
            assertEquals(i + 1, Integer.parseInt(m.group(1)));
            losses[i] = Double.parseDouble(m.group(2));
        }
        assertTrue(losses[1] < losses[0], "loss should fall: " + losses[0] + " -> " + losses[1]);
        assertTrue(r.out().contains("layer 1 gamma ["), r.out());
        assertTrue(r.out().contains("layer 1 beta  ["), r.out());

        for (String f :
                List.of(
                        "config.json",
                        "metrics.json",
                        "metrics.csv",
                        "lenet-0001.params",
                        "lenet-0002.params",
                        "report.html")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        JsonObject metrics =
                JsonParser.parseString(Files.readString(run.resolve("metrics.json")))
                        .getAsJsonObject();
        JsonArray epochs = metrics.getAsJsonArray("epochs");
        assertEquals(2, epochs.size());
        assertEquals(losses[1], epochs.get(1).getAsJsonObject().get("loss").getAsDouble(), 5e-5);
        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals("epoch,loss,train_acc,test_acc,seconds", csv.get(0));
        assertEquals(3, csv.size());
        JsonObject config =
                JsonParser.parseString(Files.readString(run.resolve("config.json")))
                        .getAsJsonObject();
        assertEquals("scratch", config.get("variant").getAsString());
        assertEquals(20, config.get("limitBatches").getAsInt());
        assertEquals(256, config.get("batchSize").getAsInt());
        assertTrue(config.getAsJsonObject("versions").has("djl"));
        try (Stream<Path> left = Files.list(run)) {
            assertFalse(
                    left.anyMatch(p -> p.getFileName().toString().startsWith(".")),
                    "no temporary files left");
        }

        // The saved parameters load into a freshly built block of the same variant.
        try (Model model = Model.newInstance(RunDirectory.MODEL_NAME)) {
            model.setBlock(LeNet.builder().setVariant(Variant.SCRATCH).build());
            model.load(run, RunDirectory.MODEL_NAME);
            assertEquals("2", model.getProperty("Epoch"));
            Parameter var =
                    model.getBlock()
                            .getChildren()
                            .get(1)
                            .getValue()
                            .getParameters()
                            .get("runningVar");
            NDArray v = var.getArray();
            assertTrue(v.gt(0).all().getBoolean(), "moving variance stays positive");
        }
    }

    @Test
    void badOptionsAreUsageErrorsNamingTheOption() {
        CommandRunner r = CommandRunner.runLine("train --epochs 0");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--epochs must be in 1..1000, got 0"), r.err());

        r = CommandRunner.runLine("train --variant fancy");
        assertEquals(2, r.exitCode());
        assertTrue(
                r.err()
                        .contains(
                                "unknown variant 'fancy', expected one of scratch, concise, plain"),
                r.err());

        r = CommandRunner.runLine("train --lr NaN");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--lr must be a number in (0, 100], got NaN"), r.err());
    }

    @Test
    void refusesToOverwriteAnotherRun() throws Exception {
        Path taken = Files.createDirectories(temp.resolve("taken"));
        Files.writeString(taken.resolve("metrics.json"), "{}");
        CommandRunner.runLine("train --output {}", taken).assertUsageErrorNaming("is not empty");
        assertEquals("{}", Files.readString(taken.resolve("metrics.json")));
    }

    @Test
    void helpShowsDefaultsAndAnExample() {
        CommandRunner r = CommandRunner.runLine("train --help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("Default: scratch"), r.out());
        assertTrue(r.out().contains("Default: 256"), r.out());
        assertTrue(r.out().contains("./bnlab train"), r.out());
    }
}
