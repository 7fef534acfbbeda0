package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import bnlab.data.FashionMnist;
import bnlab.data.Split;
import bnlab.report.Charts;
import bnlab.report.Report;
import bnlab.run.SavedRun;
import bnlab.testing.CommandRunner;
import bnlab.testing.LeNetParameters;
import bnlab.testing.RealData;
import bnlab.train.Inference;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives {@code bnlab compare} once on the real Fashion-MNIST files (10 batches, 2 epochs), then
 * checks its output and rebuilds the report with {@code bnlab report}.
 */
@ExtendWith(RealData.class)
class CompareCommandIT {

    private static final List<String> VARIANTS = List.of("scratch", "concise", "plain");

    /** Trainable parameters of each variant's LeNet, counted from the architecture. */
    private static final List<Long> TRAINABLE =
            List.of(
                    LeNetParameters.PLAIN + LeNetParameters.AFFINE,
                    LeNetParameters.PLAIN + LeNetParameters.AFFINE,
                    LeNetParameters.PLAIN);

    @TempDir static Path temp;
    static Path output;
    static CommandRunner compare;

    @BeforeAll
    static void runCompare() {
        output = temp.resolve("cmp");
        compare =
                CommandRunner.runLine("compare --limit-batches 10 --epochs 2 --output {}", output);
    }

    @Test
    void printsEpochLinesPerVariantAndTheTable() {
        assertEquals(0, compare.exitCode(), compare.err());
        for (String v : VARIANTS) {
            assertTrue(compare.out().contains(v + ": epoch 1, loss "), compare.out());
            assertTrue(compare.out().contains(v + ": epoch 2, loss "), compare.out());
            assertTrue(Files.isRegularFile(output.resolve(v).resolve("lenet-0002.params")), v);
        }
        List<String> table = tableLines(compare.out());
        assertEquals(4, table.size(), compare.out());
        assertTrue(table.get(0).startsWith("network"), table.get(0));
        for (int i = 0; i < VARIANTS.size(); i++) {
            assertTrue(table.get(i + 1).startsWith(VARIANTS.get(i) + " "), table.get(i + 1));
        }
    }

    @Test
    void chartsArePngsOfTheExpectedSize() throws Exception {
        assertEquals(0, compare.exitCode(), compare.err());
        for (String name : List.of(Report.LOSS_CHART, Report.ACCURACY_CHART)) {
            BufferedImage image = ImageIO.read(output.resolve(name).toFile());
            assertEquals(Charts.WIDTH, image.getWidth(), name);
            assertEquals(Charts.HEIGHT, image.getHeight(), name);
        }
    }

    @Test
    void reportIsSelfContainedWithTableConfusionMatrixAndImages() throws Exception {
        assertEquals(0, compare.exitCode(), compare.err());
        Document doc = Jsoup.parse(output.resolve(Report.HTML_FILE).toFile(), "UTF-8");

        Elements rows = doc.select("table.comparison tr");
        assertEquals(1 + VARIANTS.size(), rows.size());
        for (int i = 0; i < VARIANTS.size(); i++) {
            List<String> cells = rows.get(i + 1).select("td").eachText();
            assertEquals(VARIANTS.get(i), cells.get(0));
            JsonArray epochs =
                    JsonParser.parseString(
                                    Files.readString(
                                            output.resolve(VARIANTS.get(i))
                                                    .resolve("metrics.json")))
                            .getAsJsonObject()
                            .getAsJsonArray("epochs");
            JsonObject last = epochs.get(epochs.size() - 1).getAsJsonObject();
            double meanSeconds =
                    (epochs.get(0).getAsJsonObject().get("seconds").getAsDouble()
                                    + last.get("seconds").getAsDouble())
                            / 2;
            assertEquals(format("%.4f", last.get("loss").getAsDouble()), cells.get(1));
            assertEquals(format("%.3f", last.get("trainAccuracy").getAsDouble()), cells.get(2));
            assertEquals(format("%.3f", last.get("testAccuracy").getAsDouble()), cells.get(3));
            assertEquals(format("%.1f", meanSeconds), cells.get(4));
            assertEquals(String.format(Locale.ROOT, "%,d", TRAINABLE.get(i)), cells.get(5));
        }

        assertTrue(
                doc.select("script, link, iframe, object, embed").isEmpty(),
                "no external resources");
        for (Element e : doc.select("[src]")) {
            assertTrue(e.attr("src").startsWith("data:image/png;base64,"), e.outerHtml());
        }
        assertTrue(doc.select("[href]").isEmpty(), "no links");
        assertFalse(doc.html().contains("url("), "no CSS url()");
        // two per-channel charts per batch-norm layer: 4 layers in each of 2 BN variants
        assertEquals(16, doc.select("div.layer img").size());

        Elements matrices = doc.select("table.confusion");
        assertEquals(VARIANTS.size(), matrices.size());
        for (Element matrix : matrices) {
            List<String> header = matrix.select("tr").first().select("th").eachText();
            assertEquals(FashionMnist.CLASS_NAMES, header.subList(1, 1 + FashionMnist.NUM_CLASSES));
            assertEquals(1 + FashionMnist.NUM_CLASSES, matrix.select("tr").size());
            long total =
                    matrix.select("td:not(:last-child)").eachText().stream()
                            .mapToLong(Long::parseLong)
                            .sum();
            assertEquals(10_000, total, "every test image counted once");
        }

        Elements samples = doc.select("figure.sample");
        assertEquals(Report.SAMPLE_IMAGES, samples.size());
        Split first = RealData.fashionMnist().test().first(Report.SAMPLE_IMAGES);
        List<int[]> predicted = new ArrayList<>();
        for (String v : VARIANTS) {
            try (Model model = SavedRun.open(output.resolve(v)).loadModel()) {
                predicted.add(Inference.predict(model, first, Report.SAMPLE_IMAGES, null));
            }
        }
        int wrongAnswers = 0;
        for (int i = 0; i < samples.size(); i++) {
            Element figure = samples.get(i);
            assertEquals(1, figure.select("img[width=84][height=84]").size());
            int truth = first.label(i);
            assertEquals(FashionMnist.CLASS_NAMES.get(truth), figure.select("figcaption b").text());
            Elements answers = figure.select("figcaption span");
            assertEquals(VARIANTS.size(), answers.size());
            boolean anyWrong = false;
            for (int k = 0; k < VARIANTS.size(); k++) {
                int p = predicted.get(k)[i];
                boolean wrong = p != truth;
                anyWrong |= wrong;
                wrongAnswers += wrong ? 1 : 0;
                assertEquals(
                        FashionMnist.CLASS_NAMES.get(p) + (wrong ? " ✗" : ""),
                        answers.get(k).text(),
                        VARIANTS.get(k) + " on image " + i);
                assertEquals(wrong, answers.get(k).hasClass("miss"));
            }
            assertEquals(anyWrong, figure.hasClass("wrong"), "image " + i);
        }
        int answers = VARIANTS.size() * samples.size();
        assertTrue(
                wrongAnswers > 0 && wrongAnswers < answers,
                "both kinds of answer shown: " + wrongAnswers + " of " + answers + " wrong");
    }

    @Test
    void reportRebuildsTheSameTable() throws Exception {
        assertEquals(0, compare.exitCode(), compare.err());
        Path html = temp.resolve("rebuilt").resolve("r.html");
        CommandRunner r =
                CommandRunner.runLine("report {} --output {}", output, html).assertSuccess();
        assertEquals(tableLines(compare.out()), tableLines(r.out()));
        assertTrue(Files.size(html) > 10_000);
        assertTrue(Files.isRegularFile(html.resolveSibling(Report.LOSS_CHART)));
    }

    @Test
    void reportRejectsWhatIsNotARun() throws Exception {
        Path missing = temp.resolve("missing");
        String error = CommandRunner.runLine("report {}", missing).assertOneLineError(2);
        assertTrue(error.contains(missing + ": no such run directory"), error);

        Path empty = Files.createDirectories(temp.resolve("empty"));
        Files.writeString(empty.resolve("config.json"), "{}");
        error = CommandRunner.runLine("report {}", empty).assertOneLineError(2);
        assertTrue(error.contains(empty + ": no metrics.json"), error);
    }

    @Test
    void compareRefusesAnOutputThatIsNotEmpty() throws Exception {
        Path taken = Files.createDirectories(temp.resolve("taken"));
        Files.writeString(taken.resolve("x"), "x");
        CommandRunner.runLine("compare --output {}", taken).assertUsageErrorNaming("is not empty");
    }

    /** The comparison table: the header line and the lines after it up to the blank or end. */
    private static List<String> tableLines(String out) {
        List<String> lines = out.lines().toList();
        int start = 0;
        while (!lines.get(start).startsWith("network ")) {
            start++;
        }
        return lines.subList(start, start + 1 + VARIANTS.size());
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
