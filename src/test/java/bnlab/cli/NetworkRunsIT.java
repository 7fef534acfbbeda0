package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.nn.ParameterList;
import bnlab.data.FashionMnist;
import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.run.SavedRun;
import bnlab.testing.CommandRunner;
import bnlab.testing.RealData;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command on a network that is no preset (every normalizer kind, after the activation, no
 * bias, fixed γ/β, dropout, ReLU), on a foldable non-preset network, and on a run written before
 * config.json named its network. Each run is two batches of one epoch: these check the wiring, not
 * what the networks learn.
 */
@ExtendWith(RealData.class)
class NetworkRunsIT {

    static final String CUSTOM =
            "norm=mean:variance:djl:none,position=after,bias=off,affine=fixed,dropout=0.25,"
                    + "activation=relu";

    @TempDir static Path temp;
    static Path run;

    @BeforeAll
    static void trainTheCustomNetwork() {
        run = train("custom", "--network " + CUSTOM);
    }

    /** Trains the network {@code network} (e.g. {@code --network plain}) briefly into a new run. */
    private static Path train(String name, String network) {
        Path dir = temp.resolve(name);
        CommandRunner.runLine("train --limit-batches 2 --epochs 1 --output {} " + network, dir)
                .assertSuccess();
        return dir;
    }

    private static Path copy(Path run, Path into) throws Exception {
        Path copy = Files.createDirectories(into);
        try (Stream<Path> files = Files.list(run)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, copy.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return copy;
    }

    private static JsonObject config(Path dir) throws Exception {
        return JsonParser.parseString(Files.readString(dir.resolve("config.json")))
                .getAsJsonObject();
    }

    @Test
    void theRunRecordsItsNetworkByTextAlone() throws Exception {
        JsonObject config = config(run);
        assertEquals(CUSTOM, config.get("network").getAsString());
        assertFalse(config.has("variant"), config.toString());
        assertEquals(NetworkConfig.parse(CUSTOM), SavedRun.open(run).network());
    }

    @Test
    void evaluatePredictAndReportLoadIt() throws Exception {
        String label = NetworkConfig.parse(CUSTOM).label();
        CommandRunner evaluate = CommandRunner.runLine("evaluate {} --json", run).assertSuccess();
        JsonObject doc = JsonParser.parseString(evaluate.out()).getAsJsonObject();
        assertEquals(CUSTOM, doc.get("network").getAsString());
        assertFalse(doc.has("variant"));
        assertEquals(10_000, doc.get("images").getAsInt());

        Path image = temp.resolve("gray.png");
        BufferedImage gray = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(14, 14, 0, 255);
        ImageIO.write(gray, "png", image.toFile());
        CommandRunner predict = CommandRunner.runLine("predict {} {}", run, image).assertSuccess();
        assertTrue(
                FashionMnist.CLASS_NAMES.stream().anyMatch(predict.out()::contains), predict.out());

        Path html = temp.resolve("report").resolve("report.html");
        Files.createDirectories(html.getParent());
        CommandRunner report =
                CommandRunner.runLine("report {} --output {}", run, html).assertSuccess();
        assertTrue(report.out().lines().anyMatch(l -> l.startsWith(label + " ")), report.out());
        assertTrue(Files.readString(html).contains(label), "label in report.html");
    }

    @Test
    void resumeTrainsOnAndRefusesAnotherNetwork() throws Exception {
        Path copy = copy(run, temp.resolve("resumed"));
        CommandRunner other =
                CommandRunner.runLine("train --resume {} --epochs 2 --network plain", copy);
        assertEquals(
                "bnlab train: --network plain conflicts with the run's "
                        + NetworkConfig.parse(CUSTOM).label()
                        + " in "
                        + copy
                        + "/config.json; a resumed run keeps its settings (see 'bnlab train"
                        + " --help')",
                other.assertOneLineError(2));
        CommandRunner variant =
                CommandRunner.runLine("train --resume {} --epochs 2 --variant scratch", copy);
        assertEquals(2, variant.exitCode(), variant.err());
        assertTrue(
                variant.err().startsWith("bnlab train: --variant scratch conflicts"),
                variant.err());
        assertFalse(Files.exists(copy.resolve("lenet-0002.params")));

        CommandRunner.runLine("train --resume {} --epochs 2 --network {}", copy, CUSTOM)
                .assertSuccess();
        assertTrue(Files.isRegularFile(copy.resolve("lenet-0002.params")));
        assertEquals(2, SavedRun.open(copy).lastEpoch());
        // fixed gamma and beta of the DJL batch norm at fc1 stay 1 and 0 through the resume
        try (Model model = SavedRun.open(copy).loadModel()) {
            ParameterList params = model.getBlock().getParameters();
            for (float g : params.get("13BatchNorm_gamma").getArray().toFloatArray()) {
                assertEquals(1f, g);
            }
            for (float b : params.get("13BatchNorm_beta").getArray().toFloatArray()) {
                assertEquals(0f, b);
            }
        }
        assertEquals(CUSTOM, config(copy).get("network").getAsString());
    }

    @Test
    void foldRefusesWhatIsNotFoldableNamingThePart() throws Exception {
        Path target = temp.resolve("custom-folded");
        assertEquals(
                "bnlab: "
                        + run
                        + ": cannot fold: norm mean at site conv1 is not foldable: only full batch"
                        + " norm (scratch, djl, batch-renorm) folds",
                CommandRunner.runLine("fold {} --output {}", run, target).assertOneLineError(2));
        assertFalse(Files.exists(target));

        Path after = copy(run, temp.resolve("after"));
        Path config = after.resolve("config.json");
        Files.writeString(
                config, Files.readString(config).replace(CUSTOM, "norm=djl,position=after"));
        assertEquals(
                "bnlab: "
                        + after
                        + ": cannot fold: position=after is not foldable: a normalizer after the"
                        + " activation does not follow the layer it would fold into (only"
                        + " position=before folds)",
                CommandRunner.runLine("fold {}", after).assertOneLineError(2));
    }

    @Test
    void aFoldableNetworkFoldsIntoTheSameNetworkWithoutBatchNorm() throws Exception {
        String foldable =
                "norm=scratch:djl:none:scratch,bias=off,affine=fixed,dropout=0.25,activation=relu";
        Path source = train("foldable", "--network " + foldable);
        Path folded = temp.resolve("foldable-folded");
        CommandRunner.runLine("fold {} --output {}", source, folded).assertSuccess();
        JsonObject config = config(folded);
        assertEquals(
                "norm=none,position=before,bias=on,affine=learned,dropout=0.25,activation=relu",
                config.get("network").getAsString());
        assertFalse(config.has("variant"));
        JsonObject from = config.getAsJsonObject(FoldCommand.FOLDED_FROM);
        assertEquals(NetworkConfig.parse(foldable).toString(), from.get("network").getAsString());
        assertTrue(from.get("maxAbsLogitDifference").getAsDouble() <= 1e-4, from.toString());
        assertEquals(
                from.get("unfoldedTestAccuracy").getAsDouble(),
                from.get("testAccuracy").getAsDouble(),
                1e-3);
        CommandRunner.runLine("evaluate {} --json", folded).assertSuccess();
    }

    @Test
    void aRunWithoutNetworkKeyIsReadAsItsVariantAndResumes() throws Exception {
        Path old = train("old", "--variant concise");
        Path config = old.resolve("config.json");
        String text = Files.readString(config);
        String line = "  \"network\": \"" + NetworkConfig.of(Variant.CONCISE) + "\",\n";
        assertTrue(text.contains(line), text);
        Files.writeString(config, text.replace(line, ""));

        assertEquals(NetworkConfig.of(Variant.CONCISE), SavedRun.open(old).network());
        CommandRunner evaluate = CommandRunner.runLine("evaluate {} --json", old).assertSuccess();
        assertEquals(
                "concise",
                JsonParser.parseString(evaluate.out())
                        .getAsJsonObject()
                        .get("variant")
                        .getAsString());
        CommandRunner.runLine("train --resume {} --epochs 2", old).assertSuccess();
        JsonObject resumed = config(old);
        assertEquals("concise", resumed.get("variant").getAsString());
        assertEquals(
                NetworkConfig.of(Variant.CONCISE).toString(), resumed.get("network").getAsString());
    }

    @Test
    void compareTrainsTheNetworksGivenEachInADirectoryOfItsLabel() throws Exception {
        Path output = temp.resolve("compare");
        CommandRunner r =
                CommandRunner.runLine(
                                "compare --limit-batches 2 --epochs 1 --network plain"
                                        + " --network plain,dropout=0.5 --output {}",
                                output)
                        .assertSuccess();
        assertTrue(r.out().contains("norm=none,dropout=0.5: epoch 1, loss "), r.out());
        assertEquals(
                NetworkConfig.parse("plain,dropout=0.5"),
                SavedRun.open(output.resolve("norm=none,dropout=0.5")).network());
        assertEquals(
                NetworkConfig.of(Variant.PLAIN), SavedRun.open(output.resolve("plain")).network());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("norm=none,dropout=0.5 ")), r.out());
    }

    @Test
    void aPresetGivenAsNetworkTextIsRecordedAsThatPreset() throws Exception {
        Path dir = train("preset", "--network norm=none");
        JsonObject config = config(dir);
        assertEquals("plain", config.get("variant").getAsString());
        assertEquals(
                NetworkConfig.of(Variant.PLAIN).toString(), config.get("network").getAsString());
        assertTrue(Files.isRegularFile(temp.resolve("preset").resolve("lenet-0001.params")));
    }
}
