package bnlab.studies;

import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.study.Comparisons;
import bnlab.study.ConfigSummary;
import bnlab.study.Measures;
import bnlab.study.Study;
import bnlab.study.StudyConfig;
import bnlab.study.StudyPlan;
import bnlab.study.StudyResults;
import bnlab.study.StudyRun;
import bnlab.train.OptimizerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Exercise 2: how large a learning rate LeNet takes with and without batch norm. BN (scratch) and
 * plain LeNet, with Adam and with SGD, each over a grid of learning rates a decade apart, wide
 * enough that every pair fails at its top. A network <em>fails</em> when its loss becomes
 * non-finite or its final test accuracy is below {@link #WORKS_FROM} (chance is 0.1).
 */
final class LrStudy {

    /** The lowest final test accuracy of a network that counts as working. */
    static final double WORKS_FROM = 0.2;

    /** The learning rates of the grid, for both optimizers. */
    static final List<Double> GRID = List.of(0.001, 0.01, 0.1, 1.0, 10.0, 100.0);

    private static final List<String> NETWORKS = List.of("bn", "plain");

    private LrStudy() {}

    static Study create() {
        List<StudyConfig> configs = new ArrayList<>();
        for (String net : NETWORKS) {
            NetworkConfig network =
                    NetworkConfig.of(net.equals("bn") ? Variant.SCRATCH : Variant.PLAIN);
            for (OptimizerKind optimizer : OptimizerKind.values()) {
                for (double lr : GRID) {
                    configs.add(
                            LeNetStudyTrainer.config(
                                    name(net, optimizer, lr), network, optimizer, lr));
                }
            }
        }
        return Study.builder()
                .setName("lr")
                .setDescription(
                        "exercise 2: BN and plain LeNet, Adam and SGD, learning rates 0.001 to 100:"
                                + " the largest that works")
                .setQuestion(
                        "Compare the learning rates for LeNet with and without batch"
                                + " normalization. Plot the increase in validation accuracy. How"
                                + " large can you make the learning rate before the optimization"
                                + " fails in both cases?")
                .setConfigs(configs)
                .setDefaults(new StudyPlan(3, 3, 80))
                .setQuick(new StudyPlan(1, 1, 2))
                .setAnswer(LrStudy::answer)
                .optCharts(
                        List.of(
                                SweepCharts.testAccuracyByLr(
                                        c -> c.name().substring(0, c.name().lastIndexOf('-')))))
                .build();
    }

    static String name(String net, OptimizerKind optimizer, double lr) {
        return net + "-" + optimizer.cliName() + "-" + LeNetStudyTrainer.formatLr(lr);
    }

    /** Whether a network worked: its loss stayed finite and its test accuracy reached 0.2. */
    static boolean works(StudyRun run) {
        return !run.diverged() && run.testAccuracy() >= WORKS_FROM;
    }

    static String answer(StudyResults results) {
        List<String> parts = new ArrayList<>();
        parts.add(
                String.format(
                        Locale.ROOT,
                        "A network fails here when its loss becomes NaN or infinite, or when its"
                                + " final test accuracy is below %.1f (chance is 0.1); the test"
                                + " split serves as the validation set, as in the book. The test"
                                + " accuracy after each epoch is in epochs.csv and"
                                + " test_acc_by_epoch.png.",
                        WORKS_FROM));
        int seeds = results.plan().seeds();
        for (OptimizerKind optimizer : OptimizerKind.values()) {
            TreeMap<Long, Double> bn = largestWorking(results, "bn", optimizer, seeds);
            TreeMap<Long, Double> plain = largestWorking(results, "plain", optimizer, seeds);
            parts.add(groupLine(results, "bn", optimizer, bn));
            parts.add(groupLine(results, "plain", optimizer, plain));
            parts.add(verdict(optimizer, bn, plain));
        }
        return String.join("\n\n", parts);
    }

    /** Per seed, the largest learning rate of the grid at which the network worked (NaN: none). */
    private static TreeMap<Long, Double> largestWorking(
            StudyResults results, String net, OptimizerKind optimizer, int seeds) {
        TreeMap<Long, Double> largest = new TreeMap<>();
        for (long seed = 1; seed <= seeds; seed++) {
            largest.put(seed, Double.NaN);
        }
        for (double lr : GRID) {
            for (StudyRun run : results.runs(name(net, optimizer, lr))) {
                if (works(run)) {
                    largest.put(run.seed(), lr);
                }
            }
        }
        return largest;
    }

    private static String groupLine(
            StudyResults results,
            String net,
            OptimizerKind optimizer,
            TreeMap<Long, Double> largest) {
        StringBuilder line =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "%s LeNet with %s: networks that worked per learning rate: ",
                                net.equals("bn") ? "BN" : "Plain",
                                optimizer.cliName()));
        List<String> cells = new ArrayList<>();
        List<ConfigSummary> summaries = new ArrayList<>();
        for (double lr : GRID) {
            String config = name(net, optimizer, lr);
            List<StudyRun> runs = results.runs(config);
            long worked = runs.stream().filter(LrStudy::works).count();
            long diverged = runs.stream().filter(StudyRun::diverged).count();
            cells.add(
                    LeNetStudyTrainer.formatLr(lr)
                            + ": "
                            + worked
                            + " of "
                            + runs.size()
                            + (diverged > 0 ? " (" + diverged + " diverged)" : ""));
            summaries.add(results.summary(config));
        }
        line.append(String.join(", ", cells)).append(". Largest working learning rate: ");
        line.append(describeLargest(largest)).append(". ");
        String gaps = failedBetween(results, net, optimizer);
        if (!gaps.isEmpty()) {
            line.append(gaps).append(' ');
        }
        line.append(Comparisons.highest(Measures.TEST_ACC, summaries));
        return line.toString();
    }

    /**
     * The learning rates at which no seed worked although a smaller and a larger rate of the grid
     * did, e.g. {@code Not monotonic: no seed worked at 10, between rates that did.}; empty if
     * none.
     */
    private static String failedBetween(StudyResults results, String net, OptimizerKind optimizer) {
        List<Boolean> any = new ArrayList<>();
        for (double lr : GRID) {
            any.add(results.runs(name(net, optimizer, lr)).stream().anyMatch(LrStudy::works));
        }
        List<String> gaps = new ArrayList<>();
        for (int i = 1; i < GRID.size() - 1; i++) {
            if (!any.get(i)
                    && any.subList(0, i).contains(true)
                    && any.subList(i + 1, any.size()).contains(true)) {
                gaps.add(LeNetStudyTrainer.formatLr(GRID.get(i)));
            }
        }
        return gaps.isEmpty()
                ? ""
                : "Not monotonic: no seed worked at "
                        + String.join(", ", gaps)
                        + ", between rates that did, so a larger rate working is no promise that"
                        + " every smaller one does.";
    }

    private static String describeLargest(TreeMap<Long, Double> largest) {
        List<Double> values = new ArrayList<>(largest.values());
        String text;
        if (values.stream().distinct().count() == 1) {
            text = lrOrNone(values.get(0)) + " at every seed";
        } else {
            text =
                    largest.entrySet().stream()
                            .map(e -> lrOrNone(e.getValue()) + " at seed " + e.getKey())
                            .collect(Collectors.joining(", "));
        }
        double top = GRID.get(GRID.size() - 1);
        return values.contains(top)
                ? text + " (the grid's largest rate worked: the limit lies above it)"
                : text;
    }

    private static String lrOrNone(double lr) {
        return Double.isNaN(lr) ? "none" : LeNetStudyTrainer.formatLr(lr);
    }

    /** BN against plain: a claim only where the per-seed ranges do not overlap. */
    private static String verdict(
            OptimizerKind optimizer, TreeMap<Long, Double> bn, TreeMap<Long, Double> plain) {
        double bnLow = min(bn);
        double bnHigh = max(bn);
        double plainLow = min(plain);
        double plainHigh = max(plain);
        String figures =
                String.format(
                        Locale.ROOT,
                        "(BN: %s; plain: %s; %d %s)",
                        range(bnLow, bnHigh),
                        range(plainLow, plainHigh),
                        bn.size(),
                        bn.size() == 1 ? "seed" : "seeds");
        String with = "With " + optimizer.cliName() + ", ";
        if (Double.isNaN(bnHigh) || Double.isNaN(plainHigh)) {
            return with
                    + "at some seed no learning rate of the grid worked for BN or for plain LeNet,"
                    + " so their largest working learning rates are not compared "
                    + figures
                    + ".";
        }
        if (bnLow > plainHigh) {
            return with
                    + "batch norm took a larger learning rate than plain LeNet at every seed: its"
                    + " largest working rate is "
                    + LeNetStudyTrainer.formatLr(bnLow / plainHigh)
                    + " times plain LeNet's or more "
                    + figures
                    + ". This agrees with the common claim that batch norm allows larger"
                    + " learning rates.";
        }
        if (plainLow > bnHigh) {
            return with
                    + "plain LeNet took a larger learning rate than BN LeNet at every seed "
                    + figures
                    + ". This contradicts the common claim that batch norm allows larger learning"
                    + " rates.";
        }
        return with
                + "no difference in the largest working learning rate was found between BN and"
                + " plain LeNet at this grid (a decade apart) and number of seeds "
                + figures
                + ": the claim that batch norm allows larger learning rates is not borne out"
                + " here.";
    }

    private static String range(double low, double high) {
        if (Double.isNaN(low) || Double.isNaN(high)) {
            return "none at some seed";
        }
        return low == high
                ? LeNetStudyTrainer.formatLr(low)
                : LeNetStudyTrainer.formatLr(low) + " to " + LeNetStudyTrainer.formatLr(high);
    }

    private static double min(TreeMap<Long, Double> values) {
        return values.values().stream().reduce(Double.POSITIVE_INFINITY, LrStudy::minNaN);
    }

    private static double max(TreeMap<Long, Double> values) {
        return values.values().stream().reduce(Double.NEGATIVE_INFINITY, LrStudy::maxNaN);
    }

    private static double minNaN(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b);
    }

    private static double maxNaN(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
    }
}
