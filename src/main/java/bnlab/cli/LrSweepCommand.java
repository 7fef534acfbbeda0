package bnlab.cli;

import static bnlab.report.TextTable.column;

import bnlab.data.FashionMnist;
import bnlab.errors.Ranges;
import bnlab.experiment.ExperimentCharts;
import bnlab.experiment.LrSweep;
import bnlab.experiment.LrSweepRow;
import bnlab.io.AtomicFiles;
import bnlab.io.DirectoryClaim;
import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.report.Charts;
import bnlab.report.TextTable;
import bnlab.run.TrainingInterruptedException;
import bnlab.studies.LrSweepStudy;
import bnlab.study.Study;
import bnlab.study.StudyPlan;
import bnlab.train.OptimizerKind;
import bnlab.train.TrainingConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bnlab experiment lr-sweep}: test accuracy against the SGD learning rate, with and without
 * batch norm.
 */
@Command(
        name = "lr-sweep",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Train the plain and the scratch (batch-norm) LeNet with plain SGD at each learning"
                    + " rate and compare their test accuracy: how far does batch norm widen the"
                    + " range of usable rates?",
            "Prints a table; writes lr-sweep.png (log x axis) and lr-sweep.csv into --output."
        },
        footer = {
            "",
            "Examples:",
            "  ./bnlab experiment lr-sweep --epochs 1 --lrs 0.1,1,10",
            "  ./bnlab experiment lr-sweep --seeds 3 --limit-batches 80  # 95%% bands"
        })
public final class LrSweepCommand extends BnlabSubcommand {

    /** The chart. */
    public static final String PNG_FILE = "lr-sweep.png";

    /** The table. */
    public static final String CSV_FILE = "lr-sweep.csv";

    private static final List<Variant> VARIANTS = List.of(Variant.PLAIN, Variant.SCRATCH);

    /** The table printed as the runs finish (a diverged run's row says so after it). */
    private static final TextTable<LrSweepRow> TABLE =
            TextTable.of(
                    column("variant", "%-8s", LrSweepRow::variant),
                    column("lr", "%8s", LrSweepRow::learningRate),
                    column("epochs", "%7d", LrSweepRow::epochs),
                    column("loss", "%9.4f", LrSweepRow::loss),
                    column("train acc", "%10.4f", LrSweepRow::trainAccuracy),
                    column("test acc", "%9.4f", LrSweepRow::testAccuracy),
                    column("sec", "%8.1f", LrSweepRow::seconds));

    @Option(
            names = "--epochs",
            defaultValue = "2",
            description = "Epochs of each run, " + OptionRanges.EPOCHS + ".")
    int epochs;

    @Option(
            names = "--lrs",
            split = ",",
            paramLabel = "<lr>",
            defaultValue = "0.01,0.1,1,3",
            description =
                    "SGD learning rates, comma separated, each " + OptionRanges.LEARNING_RATE + ".")
    List<Float> learningRates;

    @Option(
            names = "--batch-size",
            defaultValue = "" + TrainingConfig.DEFAULT_BATCH_SIZE,
            description = "Examples per mini-batch, " + OptionRanges.BATCH_SIZE + ".")
    int batchSize;

    @Option(
            names = "--limit-batches",
            description =
                    "Use only the first N batches of each split"
                            + " per epoch, for quick checks, "
                            + OptionRanges.LIMIT_BATCHES
                            + " (default: all).")
    Integer limitBatches;

    @Option(
            names = "--seed",
            defaultValue = "" + TrainingConfig.DEFAULT_SEED,
            description =
                    "Seed of initialisation and shuffling (the same for every run), "
                            + OptionRanges.SEED
                            + ".")
    long seed;

    @Option(
            names = "--output",
            description =
                    "Directory to create, or an empty directory to write into (default:"
                            + " runs/lr-sweep-<timestamp>). lr-sweep.csv gains each row as its run"
                            + " finishes.")
    Path output;

    @Option(
            names = "--seeds",
            defaultValue = "1",
            description =
                    "Networks per variant and learning rate, "
                            + StudyExecution.SEEDS_RANGE
                            + ". From 2 on, they are seeded 1..N (--seed is then not used) and"
                            + " compared by mean and 95%% interval: runs.csv, epochs.csv,"
                            + " summary.csv, charts with error bars and bands (test_acc_by_lr.png),"
                            + " report.html, answer.md; the same command with --output DIR"
                            + " continues a stopped sweep.")
    int seeds;

    @Mixin RuntimeOptions runtime;

    @Override
    int execute() throws Exception {
        TrainingConfig base =
                UsageErrors.check(
                        spec,
                        () -> {
                            for (float lr : learningRates) {
                                Ranges.checkPositive("--lrs", lr, TrainingConfig.MAX_LEARNING_RATE);
                                if (learningRates.indexOf(lr) != learningRates.lastIndexOf(lr)) {
                                    throw new IllegalArgumentException(
                                            "--lrs lists " + lr + " twice; give each rate once");
                                }
                            }
                            Ranges.check("--seeds", seeds, 1, StudyExecution.MAX_SEEDS);
                            return new TrainingConfig(
                                    NetworkConfig.of(Variant.PLAIN),
                                    epochs,
                                    batchSize,
                                    learningRates.get(0),
                                    OptimizerKind.SGD,
                                    seed,
                                    limitBatches,
                                    runtime.threads());
                        });
        if (seeds > 1) {
            return sweepSeeds();
        }
        try (DirectoryClaim claim = ExperimentCommand.claimOutput(spec, output, "lr-sweep")) {
            sweep(base, claim);
        }
        return 0;
    }

    /** {@code --seeds N}: every variant and learning rate N times, compared as a study. */
    private int sweepSeeds() throws Exception {
        StudyExecution.refuseWithSeeds(
                spec, seeds, "the networks are seeded 1.." + seeds, "--seed");
        StudyPlan plan = new StudyPlan(seeds, epochs, limitBatches);
        // through the float's decimal form: 0.1f is 0.1, not 0.10000000149011612
        List<Double> rates =
                learningRates.stream().map(lr -> Double.parseDouble(Float.toString(lr))).toList();
        Study study = LrSweepStudy.of(VARIANTS, rates, plan);
        runtime.configureEngine(spec);
        try (DirectoryClaim claim = StudyExecution.claim(spec, output, LrSweepStudy.NAME)) {
            StudyExecution.run(spec, runtime, study, plan, batchSize, claim);
        }
        return 0;
    }

    private void sweep(TrainingConfig base, DirectoryClaim claim) throws Exception {
        Path dir = claim.directory();
        FashionMnist data = runtime.start(spec);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                Locale.ROOT,
                "lr-sweep: SGD, %d epoch(s), batch %d%s, learning rates %s%n",
                epochs,
                batchSize,
                limitBatches == null ? "" : ", " + limitBatches + " batches per epoch",
                learningRates);
        out.println(TABLE.header());
        out.flush();
        List<LrSweepRow> rows = new ArrayList<>();
        try (ShutdownStop stop = ShutdownStop.install()) {
            try {
                new LrSweep(data.train(), data.test())
                        .run(
                                base,
                                VARIANTS,
                                learningRates,
                                row -> {
                                    rows.add(row);
                                    out.println(row(row));
                                    out.flush();
                                    // each finished row is kept at once: a stop loses none
                                    ExperimentCommand.save(claim, CSV_FILE, csv(rows));
                                },
                                stop::requested);
            } catch (TrainingInterruptedException e) {
                claim.close(); // before the JVM is let go
                stop.stopped(spec.commandLine().getErr(), interrupted(e, dir, rows));
                throw e;
            }
        }
        List<double[]> accuracies = new ArrayList<>();
        for (Variant v : VARIANTS) {
            accuracies.add(
                    rows.stream()
                            .filter(r -> r.variant() == v)
                            .mapToDouble(r -> r.diverged() ? Double.NaN : r.testAccuracy())
                            .toArray());
        }
        claim.check();
        AtomicFiles.write(
                dir.resolve(PNG_FILE),
                Charts.png(
                        ExperimentCharts.lrSweep(
                                VARIANTS.stream().map(Variant::cliName).toList(),
                                learningRates,
                                accuracies),
                        ExperimentCharts.SWEEP_WIDTH,
                        ExperimentCharts.HEIGHT));
        out.println("chart written to " + dir.resolve(PNG_FILE));
    }

    /** Where the sweep stopped, what it kept, and the command that runs the rest. */
    private String interrupted(TrainingInterruptedException e, Path dir, List<LrSweepRow> rows) {
        int doneLrs = rows.size() / VARIANTS.size();
        List<String> rest =
                learningRates.subList(doneLrs, learningRates.size()).stream()
                        .map(String::valueOf)
                        .toList();
        String run =
                String.format(
                        Locale.ROOT,
                        "./bnlab experiment lr-sweep --epochs %d --batch-size %d --seed %d%s --lrs %s",
                        epochs,
                        batchSize,
                        seed,
                        limitBatches == null ? "" : " --limit-batches " + limitBatches,
                        String.join(",", rest));
        if (rows.isEmpty()) {
            return e.getMessage()
                    + "; no run was finished, so nothing was saved; run again: "
                    + run;
        }
        return e.getMessage()
                + "; "
                + dir.resolve(CSV_FILE)
                + " keeps the "
                + rows.size()
                + " finished run(s); the rest (each run starts from the same seed, so the rows"
                + " are the same as in one sweep): "
                + run
                + " --output "
                + dir
                + "-rest";
    }

    private static String row(LrSweepRow r) {
        return TABLE.row(r) + (r.diverged() ? "  diverged (loss not finite)" : "");
    }

    private static String csv(List<LrSweepRow> rows) {
        StringBuilder csv =
                new StringBuilder("variant,lr,epochs,loss,train_acc,test_acc,seconds,diverged\n");
        for (LrSweepRow r : rows) {
            csv.append(
                    String.format(
                            Locale.ROOT,
                            "%s,%s,%d,%.6f,%.6f,%.6f,%.3f,%b\n",
                            r.variant(),
                            r.learningRate(),
                            r.epochs(),
                            r.loss(),
                            r.trainAccuracy(),
                            r.testAccuracy(),
                            r.seconds(),
                            r.diverged()));
        }
        return csv.toString();
    }
}
