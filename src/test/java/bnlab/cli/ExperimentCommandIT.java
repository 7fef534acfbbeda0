package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.testing.CommandRunner;
import bnlab.testing.RealData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code bnlab experiment paper-figure1} and {@code lr-sweep}, in-process with tiny runs. */
@ExtendWith(RealData.class)
class ExperimentCommandIT {

    @TempDir Path temp;

    @Test
    void paperFigure1WritesTheCsvTheFigureAndTheSummary() throws Exception {
        Path out = temp.resolve("figure1");
        CommandRunner r =
                CommandRunner.runLine(
                                "experiment paper-figure1 --steps 40 --every 20 --probe-images 200"
                                        + " --output {}",
                                out)
                        .assertSuccess();
        Matcher summary =
                Pattern.compile(
                                "final test accuracy after 40 steps: without BN"
                                        + " (\\d\\.\\d{4}), with BN (\\d\\.\\d{4})")
                        .matcher(r.out());
        assertTrue(summary.find(), r.out());

        List<String> lines = Files.readAllLines(out.resolve("figure1.csv"));
        assertEquals("step,network,test_acc,p15,p50,p85", lines.get(0));
        assertEquals(1 + 2 * 3, lines.size(), "steps 0, 20, 40 for both networks: " + lines);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertEquals(6, f.length, line);
            assertTrue(f[1].equals("without-bn") || f[1].equals("with-bn"), line);
            double acc = Double.parseDouble(f[2]);
            double p15 = Double.parseDouble(f[3]);
            double p50 = Double.parseDouble(f[4]);
            double p85 = Double.parseDouble(f[5]);
            assertTrue(acc >= 0 && acc <= 1, line);
            assertTrue(p15 <= p50 && p50 <= p85, "percentiles ordered: " + line);
        }
        assertTrue(lines.get(3).startsWith("40,without-bn,"), lines.toString());
        assertTrue(lines.get(6).startsWith("40,with-bn,"), lines.toString());
        // the summary's accuracies are those of the final step's rows
        assertEquals(finalAccuracy(lines.get(3)), summary.group(1), r.out());
        assertEquals(finalAccuracy(lines.get(6)), summary.group(2), r.out());

        BufferedImage png = ImageIO.read(out.resolve("figure1.png").toFile());
        assertEquals(3 * 420, png.getWidth());
        assertEquals(380, png.getHeight());
    }

    /** The test accuracy of a figure1.csv row as the summary prints it. */
    private static String finalAccuracy(String row) {
        return String.format(Locale.ROOT, "%.4f", Double.parseDouble(row.split(",")[2]));
    }

    @Test
    void lrSweepWritesTableCsvAndChart() throws Exception {
        Path out = temp.resolve("sweep");
        CommandRunner r =
                CommandRunner.runLine(
                                "experiment lr-sweep --epochs 1 --limit-batches 5 --lrs 0.1,1"
                                        + " --output {}",
                                out)
                        .assertSuccess();
        for (String row :
                List.of("plain +0\\.1 ", "scratch +0\\.1 ", "plain +1\\.0 ", "scratch +1\\.0 ")) {
            assertTrue(
                    Pattern.compile("(?m)^" + row + "+1 ").matcher(r.out()).find(),
                    row + " in " + r.out());
        }
        List<String> lines = Files.readAllLines(out.resolve("lr-sweep.csv"));
        assertEquals("variant,lr,epochs,loss,train_acc,test_acc,seconds,diverged", lines.get(0));
        assertEquals(5, lines.size(), lines.toString());
        assertTrue(lines.get(1).startsWith("plain,0.1,1,"), lines.toString());
        assertTrue(lines.get(4).startsWith("scratch,1.0,1,"), lines.toString());
        BufferedImage png = ImageIO.read(out.resolve("lr-sweep.png").toFile());
        assertEquals(700, png.getWidth());
        assertEquals(380, png.getHeight());
    }

    @Test
    void badArgumentsAreUsageErrorsNamingTheOption() {
        CommandRunner.runLine("experiment paper-figure1 --steps 0")
                .assertUsageErrorNaming("--steps");
        CommandRunner.runLine("experiment paper-figure1 --steps 10 --every 20")
                .assertUsageErrorNaming("--every");
        CommandRunner.runLine("experiment lr-sweep --lrs abc").assertUsageErrorNaming("--lrs");
        CommandRunner.runLine("experiment lr-sweep --lrs 0.1,-1").assertUsageErrorNaming("--lrs");
        CommandRunner.runLine("experiment lr-sweep --epochs 0").assertUsageErrorNaming("--epochs");
        CommandRunner.runLine("experiment").assertUsageErrorNaming("experiment is required");
    }
}
