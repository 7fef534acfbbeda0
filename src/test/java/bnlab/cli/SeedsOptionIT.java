package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.study.Comparisons;
import bnlab.study.Interval;
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

/**
 * {@code --seeds N} of {@code compare}, {@code experiment lr-sweep} and {@code experiment
 * paper-figure1} end to end on tiny runs of the real data: the study files with intervals, the
 * charts with bands, the answer last, continuing, and the usage errors.
 */
@ExtendWith(RealData.class)
class SeedsOptionIT {

    /** One epoch of three batches, one thread: seconds per network. */
    /** Settings that keep every network of these tests tiny. */
    private static final String TINY = "--epochs 1 --limit-batches 3 --threads 1";

    @TempDir Path temp;

    /** Runs {@code command} with {@link #TINY} settings, writing into {@code dir}. */
    private static CommandRunner runTiny(String command, Path dir) {
        return CommandRunner.runLine(command + " " + TINY + " --output {}", dir);
    }

    @Test
    void compareWithSeedsWritesAStudyAndContinuesWithoutTrainingAgain() throws Exception {
        Path dir = temp.resolve("compare");
        String compare = "compare --seeds 2 --network scratch --network plain";
        CommandRunner r = runTiny(compare, dir).assertSuccess();
        StudyFiles.assertWritten(dir);
        List<String> runs = Files.readAllLines(dir.resolve("runs.csv"));
        assertEquals(
                List.of("scratch,1", "plain,1", "scratch,2", "plain,2"),
                runs.subList(1, runs.size()).stream()
                        .map(l -> l.split(",")[0] + "," + l.split(",")[1])
                        .toList());
        List<String> summary = Files.readAllLines(dir.resolve("summary.csv"));
        assertTrue(
                summary.get(0).startsWith("config,n,test_acc_mean,test_acc_std,"), summary.get(0));
        assertEquals(3, summary.size(), summary.toString());
        String answer = r.out().substring(r.out().indexOf("Answer (compare):\n"));
        assertTrue(answer.contains("Highest mean test_acc: "), answer);
        assertTrue(answer.contains("Against scratch: "), answer);

        // seed 1 of the comparison is `train --seed 1` with the same settings
        CommandRunner train = runTiny("train --seed 1", temp.resolve("train")).assertSuccess();
        Matcher m = Pattern.compile("test acc (\\d\\.\\d{3})").matcher(train.out());
        assertTrue(m.find(), train.out());
        double testAcc = Double.parseDouble(runs.get(1).split(",")[4]);
        assertEquals(m.group(1), String.format(Locale.ROOT, "%.3f", testAcc), runs.get(1));

        String before = Files.readString(dir.resolve("summary.csv"));
        CommandRunner again = runTiny(compare, dir).assertSuccess();
        assertTrue(again.out().contains("continuing: 4 of 4 networks are already in"), again.out());
        assertTrue(again.out().lines().noneMatch(l -> l.startsWith("[")), again.out());
        assertEquals(before, Files.readString(dir.resolve("summary.csv")));
    }

    @Test
    void lrSweepWithSeedsDrawsAccuracyAgainstTheRateWithBands() throws Exception {
        Path dir = temp.resolve("sweep");
        CommandRunner r = runTiny("experiment lr-sweep --seeds 2 --lrs 0.1,1", dir).assertSuccess();
        List<String> summary = Files.readAllLines(dir.resolve("summary.csv"));
        assertEquals(
                List.of("plain-lr0.1", "scratch-lr0.1", "plain-lr1", "scratch-lr1"),
                summary.subList(1, summary.size()).stream().map(l -> l.split(",")[0]).toList());
        BufferedImage png = ImageIO.read(dir.resolve("test_acc_by_lr.png").toFile());
        assertTrue(png.getWidth() > 0);
        assertTrue(
                Files.readString(dir.resolve("report.html"))
                        .contains("final test accuracy against the learning rate"));
        String answer = r.out().substring(r.out().indexOf("Answer (lr-sweep):\n"));
        assertTrue(answer.contains("At lr 0.1: "), answer);
        assertTrue(answer.contains("At lr 1: "), answer);
    }

    @Test
    void paperFigure1WithSeedsAddsASeedColumnAndSummarisesTheFinalAccuracy() throws Exception {
        Path dir = temp.resolve("figure1");
        CommandRunner r =
                CommandRunner.runLine(
                                "experiment paper-figure1 --seeds 2 --steps 20 --every 10"
                                        + " --probe-images 100 --output {}",
                                dir)
                        .assertSuccess();
        List<String> lines = Files.readAllLines(dir.resolve("figure1.csv"));
        assertEquals("seed,step,network,test_acc,p15,p50,p85", lines.get(0));
        assertEquals(1 + 2 * 2 * 3, lines.size(), lines.toString());
        assertTrue(lines.get(1).startsWith("1,0,without-bn,"), lines.toString());
        assertTrue(lines.get(12).startsWith("2,20,with-bn,"), lines.toString());
        // the summary describes each network's final-step accuracies over the seeds
        String expected =
                String.format(
                        "final test accuracy after 20 steps, mean [95%% interval] over 2 seeds:"
                                + " without BN %s, with BN %s (",
                        finalAccuracies(lines, "without-bn").describe(Comparisons.DIGITS),
                        finalAccuracies(lines, "with-bn").describe(Comparisons.DIGITS));
        assertTrue(r.out().contains(expected), expected + " in " + r.out());
        BufferedImage png = ImageIO.read(dir.resolve("figure1.png").toFile());
        assertEquals(3 * 420, png.getWidth());
    }

    /** The test accuracies of {@code network}'s rows at step 20 of a seeded figure1.csv. */
    private static Interval finalAccuracies(List<String> lines, String network) {
        double[] values =
                lines.subList(1, lines.size()).stream()
                        .map(l -> l.split(","))
                        .filter(f -> f[1].equals("20") && f[2].equals(network))
                        .mapToDouble(f -> Double.parseDouble(f[3]))
                        .toArray();
        assertEquals(2, values.length, lines.toString());
        return Interval.of(values);
    }

    @Test
    void badSeedsAreUsageErrorsNamingTheOption() {
        CommandRunner.runLine("compare --seeds 0").assertUsageErrorNaming("--seeds");
        CommandRunner.runLine("compare --seeds 101").assertUsageErrorNaming("--seeds");
        CommandRunner.runLine("compare --seeds 2 --seed 3").assertUsageErrorNaming("--seed ");
        CommandRunner.runLine("compare --seeds 2 --resume x").assertUsageErrorNaming("--resume");
        CommandRunner.runLine("compare --seeds 2 --network plain")
                .assertUsageErrorNaming("one was given");
        CommandRunner.runLine("experiment lr-sweep --seeds 0").assertUsageErrorNaming("--seeds");
        CommandRunner.runLine("experiment lr-sweep --seeds 2 --seed 1")
                .assertUsageErrorNaming("--seed ");
        CommandRunner.runLine("experiment lr-sweep --lrs 0.1,0.1")
                .assertUsageErrorNaming("--lrs lists 0.1 twice");
        CommandRunner.runLine("experiment paper-figure1 --seeds 101")
                .assertUsageErrorNaming("--seeds");
        CommandRunner.runLine("experiment paper-figure1 --seeds 2 --seed 1")
                .assertUsageErrorNaming("--seed ");
    }
}
