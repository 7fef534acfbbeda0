package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import bnlab.data.FashionMnist;
import bnlab.data.Split;
import bnlab.model.Variant;
import bnlab.nn.ScratchBatchNorm;
import bnlab.run.SavedRun;
import bnlab.testing.CommandRunner;
import bnlab.testing.GrayImages;
import bnlab.testing.RealData;
import bnlab.testing.TinyRun;
import bnlab.train.Inference;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate}, {@code predict} and the saved-run loader, on a copy of the {@link TinyRun}. */
@ExtendWith(RealData.class)
class SavedRunCommandsIT {

    private static final int LIMIT = TinyRun.LIMIT_BATCHES;
    private static final Pattern TEST_ACC = Pattern.compile("test acc (\\d\\.\\d{3})");

    @TempDir static Path temp;
    static Path run;
    static double reportedTestAccuracy;

    @BeforeAll
    static void copyTheTinyRun() throws Exception {
        run = TinyRun.copy(temp.resolve("run"));
        Matcher m = TEST_ACC.matcher(TinyRun.output());
        while (m.find()) {
            reportedTestAccuracy = Double.parseDouble(m.group(1));
        }
    }

    @Test
    void evaluateWithTheRunsLimitGivesTheAccuracyTheRunReported() {
        CommandRunner r =
                CommandRunner.runLine("evaluate {} --limit-batches {}", run, LIMIT).assertSuccess();
        Matcher m =
                Pattern.compile("test accuracy (\\d\\.\\d{4}) \\((\\d+) of (\\d+) test images\\)")
                        .matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(LIMIT * 256, Integer.parseInt(m.group(3)));
        assertEquals(reportedTestAccuracy, Double.parseDouble(m.group(1)), 0.0005 + 1e-9, r.out());
        for (String name : FashionMnist.CLASS_NAMES) {
            assertTrue(r.out().contains("  " + name + " "), name + " in " + r.out());
        }
        assertTrue(
                r.out().contains("confusion matrix (rows: true class, columns: predicted)"),
                r.out());
    }

    @Test
    void evaluateJsonCoversTheWholeTestSplitConsistently() {
        CommandRunner r = CommandRunner.runLine("evaluate {} --json", run).assertSuccess();
        JsonObject doc = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(10_000, doc.get("images").getAsInt());
        JsonArray confusion = doc.getAsJsonArray("confusion");
        assertEquals(10, confusion.size());
        long total = 0;
        long diagonal = 0;
        for (int t = 0; t < 10; t++) {
            JsonArray row = confusion.get(t).getAsJsonArray();
            long rowSum = 0;
            for (int p = 0; p < 10; p++) {
                rowSum += row.get(p).getAsLong();
            }
            total += rowSum;
            diagonal += row.get(t).getAsLong();
            assertEquals(1000, rowSum, "Fashion-MNIST's test split has 1000 images per class");
            assertEquals(
                    row.get(t).getAsLong() / 1000.0,
                    doc.getAsJsonObject("perClass")
                            .get(FashionMnist.CLASS_NAMES.get(t))
                            .getAsDouble(),
                    1e-12);
        }
        assertEquals(10_000, total);
        assertEquals(diagonal / 10_000.0, doc.get("accuracy").getAsDouble(), 1e-12);
    }

    @Test
    void predictClassifiesTheTestImageAtAnySizeAndEitherPolarity() throws Exception {
        Split test = RealData.fashionMnist().test();
        int index = confidentlyRightImage(test);
        String expected = FashionMnist.CLASS_NAMES.get(test.label(index));

        BufferedImage original = GrayImages.of(test, index);
        Path small = temp.resolve("small.png");
        ImageIO.write(original, "png", small.toFile());
        Path inverted = temp.resolve("inverted.png");
        ImageIO.write(GrayImages.of(test, index, true), "png", inverted.toFile());
        // 200x150: the image upscaled to 150x150 and centred between black bars, in colour.
        BufferedImage large = new BufferedImage(200, 150, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = large.createGraphics();
        g.setRenderingHint(
                RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(original, 25, 0, 150, 150, null);
        g.dispose();
        Path big = temp.resolve("large.jpg");
        ImageIO.write(large, "jpg", big.toFile());
        Path notImage = temp.resolve("notes.png");
        Files.writeString(notImage, "not an image");

        CommandRunner r =
                CommandRunner.runLine(
                        "predict {} {} {} {} {}", run, small, notImage, inverted, big);
        assertEquals(1, r.exitCode(), r.err());
        assertEquals(
                "bnlab predict: " + notImage + ": not a PNG, JPEG or other supported image",
                r.err().strip());
        for (Path p : new Path[] {small, inverted, big}) {
            String line =
                    r.out().lines().filter(l -> l.startsWith(p + ": ")).findFirst().orElse("");
            assertTrue(line.startsWith(p + ": " + expected + " 0."), line + " / " + r.out());
            assertEquals(3, line.split(", ").length, line);
        }
    }

    @Test
    void predictReportsEachTooLargeOrBrokenImageOnOneLineAndStillClassifiesTheOthers()
            throws Exception {
        Path first = temp.resolve("first.png");
        ImageIO.write(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "png", first.toFile());
        Path last = temp.resolve("last.jpg");
        ImageIO.write(new BufferedImage(30, 40, BufferedImage.TYPE_INT_RGB), "jpg", last.toFile());
        Path images = Path.of("src/test/resources/bnlab/images");
        List<Path> bad =
                List.of(
                        images.resolve("huge-dimensions.png"),
                        images.resolve("bomb-12000x12000.png"),
                        images.resolve("truncated.png"),
                        images.resolve("empty.png"));
        List<String> args = new ArrayList<>(List.of("predict", run.toString(), first.toString()));
        bad.forEach(p -> args.add(p.toString()));
        args.add(last.toString());

        CommandRunner r = CommandRunner.run(args.toArray(String[]::new));
        assertEquals(1, r.exitCode(), r.err());
        List<String> errors = r.err().lines().toList();
        assertEquals(bad.size(), errors.size(), r.err());
        for (int i = 0; i < bad.size(); i++) {
            assertTrue(errors.get(i).startsWith("bnlab predict: " + bad.get(i) + ": "), r.err());
        }
        assertTrue(errors.get(0).endsWith("found 100000 x 100000 = 10000000000"), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith(first + ": "), r.out());
        assertTrue(lines.get(1).startsWith(last + ": "), r.out());
    }

    @Test
    void loaderErrorsNameTheFileAndExitTwo() throws Exception {
        CommandRunner r = CommandRunner.runLine("evaluate {}", temp.resolve("nowhere"));
        assertEquals(2, r.exitCode());
        assertEquals(
                "bnlab: " + temp.resolve("nowhere") + ": no such run directory", r.err().strip());

        Path empty = Files.createDirectories(temp.resolve("empty"));
        r = CommandRunner.runLine("evaluate {}", empty);
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains(empty + ": not a run directory (no config.json)"), r.err());

        Path truncated = copyOfRun("truncated");
        Path params = truncated.resolve("lenet-0003.params");
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        r = CommandRunner.runLine("evaluate {}", truncated);
        assertEquals(2, r.exitCode());
        assertTrue(
                r.err()
                        .startsWith(
                                "bnlab: "
                                        + params
                                        + ": not loadable as the parameters of the"
                                        + " scratch LeNet config.json names: truncated, corrupt, or of another network"),
                r.err());
        assertEquals(1, r.err().lines().count(), r.err());

        Path other = TinyRun.copyNaming(temp.resolve("other"), Variant.PLAIN);
        Path config = other.resolve("config.json");
        r = CommandRunner.runLine("predict {} {}", other, temp.resolve("any.png"));
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains(other.resolve("lenet-0003.params") + ": "), r.err());
        assertTrue(r.err().contains("plain LeNet"), r.err());

        Files.writeString(config, Files.readString(config).replace("\"plain\"", "\"fancy\""));
        r = CommandRunner.runLine("evaluate {}", other);
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains(config + ": unknown variant 'fancy'"), r.err());
    }

    @Test
    void recordedScratchOptionsBuildTheLayersAndUnknownOnesAreRefused() throws Exception {
        Path tuned = copyOfRun("tuned");
        Path config = tuned.resolve("config.json");
        String original = Files.readString(config);
        Files.writeString(
                config,
                original.replaceFirst("\\{", "{\"scratchBatchNorm\": {\"epsilon\": 0.001},"));
        try (Model model = SavedRun.open(tuned).loadModel()) {
            ScratchBatchNorm bn =
                    (ScratchBatchNorm) model.getBlock().getChildren().get(1).getValue();
            assertEquals(0.001f, bn.getEpsilon());
            assertEquals(0.9f, bn.getMomentum(), "absent options keep the defaults");
        }
        Files.writeString(
                config, original.replaceFirst("\\{", "{\"scratchBatchNorm\": {\"bogus\": 1},"));
        CommandRunner r = CommandRunner.runLine("evaluate {}", tuned);
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains(config + ": unknown scratchBatchNorm option 'bogus'"), r.err());
    }

    /**
     * Of the first 100 test images, the one the trained run gives its label the most probability.
     */
    private static int confidentlyRightImage(Split test) {
        SavedRun saved = SavedRun.open(run);
        int best = 0;
        float bestP = 0;
        try (Model model = saved.loadModel()) {
            for (int i = 0; i < 100; i++) {
                float p = Inference.probabilities(model, test.pixelsAsFloats(i, 1))[test.label(i)];
                if (p > bestP) {
                    best = i;
                    bestP = p;
                }
            }
        }
        assertTrue(bestP > 0.5f, "the run classifies some test image right: " + bestP);
        return best;
    }

    private static Path copyOfRun(String name) throws Exception {
        return TinyRun.copy(temp.resolve(name));
    }
}
