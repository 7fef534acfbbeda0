package bnlab.cli;

import bnlab.data.FashionMnist;
import bnlab.errors.Ranges;
import bnlab.experiment.ExperimentCharts;
import bnlab.experiment.Figure1Config;
import bnlab.experiment.Figure1Experiment;
import bnlab.experiment.Figure1Network;
import bnlab.experiment.Figure1Point;
import bnlab.io.AtomicFiles;
import bnlab.io.DirectoryClaim;
import bnlab.run.TrainingInterruptedException;
import bnlab.study.Comparisons;
import bnlab.study.ConfigSummary;
import bnlab.study.Interval;
import bnlab.study.Measures;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bnlab experiment paper-figure1}: Ioffe and Szegedy (2015), §4.1, Figure 1. */
@Command(
        name = "paper-figure1",
        modelTransformer = PaperFigure1Command.Figure1Runtime.class,
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "The batch-norm paper's Figure 1: a 784-100-100-100-10 sigmoid network trained with SGD"
                    + " on mini-batches of 60, without and with batch norm before each hidden"
                    + " sigmoid. Every --every steps: test accuracy, and the 15th/50th/85th"
                    + " percentiles of the input to one sigmoid of the last hidden layer over the"
                    + " first --probe-images test images (inference mode).",
            "Writes figure1.png and figure1.csv into --output."
        },
        footer = {
            "",
            "Example:",
            "  ./bnlab experiment paper-figure1 --steps 5000 --every 250" + " --output runs/figure1"
        })
public final class PaperFigure1Command extends BnlabSubcommand {

    /** The chart. */
    public static final String PNG_FILE = "figure1.png";

    /** The measurements. */
    public static final String CSV_FILE = "figure1.csv";

    @Option(
            names = "--steps",
            defaultValue = "" + Figure1Config.DEFAULT_STEPS,
            description = "Training steps of each network, 1.." + Figure1Config.MAX_STEPS + ".")
    int steps;

    @Option(
            names = "--every",
            defaultValue = "" + Figure1Config.DEFAULT_EVERY,
            description = "Measure every N steps (and at step 0 and the last), 1..--steps.")
    int every;

    @Option(
            names = "--lr",
            defaultValue = "" + Figure1Config.DEFAULT_LEARNING_RATE,
            description =
                    "SGD learning rate (the paper gives none), " + OptionRanges.LEARNING_RATE + ".")
    float learningRate;

    @Option(
            names = "--init-sigma",
            defaultValue = "" + Figure1Config.DEFAULT_INIT_SIGMA,
            description =
                    "Standard deviation of the Gaussian initial weights, in (0, "
                            + Figure1Config.MAX_INIT_SIGMA
                            + "].")
    float initSigma;

    @Option(
            names = "--batch-size",
            defaultValue = "" + Figure1Config.DEFAULT_BATCH_SIZE,
            description = "Examples per mini-batch, " + OptionRanges.BATCH_SIZE + ".")
    int batchSize;

    @Option(
            names = "--probe-images",
            defaultValue = "" + Figure1Config.DEFAULT_PROBE_IMAGES,
            description =
                    "The first N test images the percentiles are taken over, 1.."
                            + Figure1Config.MAX_PROBE_IMAGES
                            + ".")
    int probeImages;

    @Option(
            names = "--unit",
            defaultValue = "0",
            description =
                    "Which sigmoid of the last hidden layer to probe, 0.."
                            + (Figure1Network.HIDDEN_UNITS - 1)
                            + ".")
    int unit;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of initialisation and batch order, " + OptionRanges.SEED + ".")
    long seed;

    @Option(
            names = "--output",
            description =
                    "Directory to create, or an empty directory to write into (default:"
                            + " runs/figure1-<timestamp>). figure1.csv gains each measurement as"
                            + " it is made.")
    Path output;

    @Option(
            names = "--seeds",
            defaultValue = "1",
            description =
                    "Runs of the experiment, "
                            + StudyExecution.SEEDS_RANGE
                            + ". From 2 on, they are seeded 1..N (--seed is then not used),"
                            + " figure1.csv gains a seed column and figure1.png shows the means"
                            + " with 95%% bands over the seeds.")
    int seeds;

    @Mixin RuntimeOptions runtime;

    @Override
    int execute() throws Exception {
        UsageErrors.check(spec, () -> Ranges.check("--seeds", seeds, 1, StudyExecution.MAX_SEEDS));
        if (seeds > 1) {
            StudyExecution.refuseWithSeeds(
                    spec, seeds, "the runs are seeded 1.." + seeds, "--seed");
        }
        Figure1Config config =
                UsageErrors.check(
                        spec,
                        () ->
                                new Figure1Config(
                                        steps,
                                        every,
                                        batchSize,
                                        learningRate,
                                        initSigma,
                                        probeImages,
                                        unit,
                                        seed,
                                        runtime.threads()));
        try (DirectoryClaim claim = ExperimentCommand.claimOutput(spec, output, "figure1")) {
            run(config, claim);
        }
        return 0;
    }

    private void run(Figure1Config config, DirectoryClaim claim) throws Exception {
        Path dir = claim.directory();
        FashionMnist data = runtime.start(spec);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                Locale.ROOT,
                "paper-figure1: %d steps of %d, SGD lr %s, weights N(0, %s²)," + " data %s%n",
                steps,
                batchSize,
                learningRate,
                initSigma,
                data.directory());
        out.flush();
        long start = System.nanoTime();
        List<Figure1Config> configs = new ArrayList<>();
        if (seeds == 1) {
            configs.add(config);
        } else {
            for (int s = 1; s <= seeds; s++) {
                configs.add(config.withSeed(s));
            }
        }
        List<Figure1Experiment> experiments = new ArrayList<>();
        for (Figure1Config c : configs) {
            experiments.add(
                    UsageErrors.check(
                            spec, () -> new Figure1Experiment(c, data.train(), data.test())));
        }
        List<List<Figure1Point>> runs = new ArrayList<>();
        try (ShutdownStop stop = ShutdownStop.install()) {
            for (int i = 0; i < experiments.size(); i++) {
                String prefix = seeds == 1 ? "" : "seed " + configs.get(i).seed() + " ";
                List<Figure1Point> run = new ArrayList<>();
                runs.add(run);
                try {
                    experiments
                            .get(i)
                            .run(
                                    p -> {
                                        run.add(p);
                                        out.printf(
                                                Locale.ROOT,
                                                "%s%-10s step %6d  test acc %.4f  sigmoid input"
                                                        + " p15 %8.3f  p50 %8.3f  p85 %8.3f%n",
                                                prefix,
                                                p.network(),
                                                p.step(),
                                                p.testAccuracy(),
                                                p.p15(),
                                                p.p50(),
                                                p.p85());
                                        out.flush();
                                        // each measurement is kept at once: a stop loses none
                                        ExperimentCommand.save(claim, CSV_FILE, csv(runs));
                                    },
                                    stop::requested);
                } catch (TrainingInterruptedException e) {
                    claim.close(); // before the JVM is let go
                    List<Figure1Point> made = runs.stream().flatMap(List::stream).toList();
                    stop.stopped(spec.commandLine().getErr(), interrupted(e, dir, made));
                    throw e;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        claim.check();
        if (seeds == 1) {
            List<Figure1Point> points = runs.get(0);
            AtomicFiles.write(dir.resolve(PNG_FILE), ExperimentCharts.figure1(points, unit));
            out.printf(
                    Locale.ROOT,
                    "final test accuracy after %d steps: without BN %.4f, with BN %.4f (%.0f s)%n",
                    steps,
                    last(points, Figure1Point.WITHOUT_BN),
                    last(points, Figure1Point.WITH_BN),
                    seconds);
        } else {
            AtomicFiles.write(dir.resolve(PNG_FILE), ExperimentCharts.figure1Bands(runs, unit));
            ConfigSummary without = finalAccuracy(runs, Figure1Point.WITHOUT_BN);
            ConfigSummary with = finalAccuracy(runs, Figure1Point.WITH_BN);
            out.printf(
                    Locale.ROOT,
                    "final test accuracy after %d steps, mean [95%% interval] over %d seeds:"
                            + " without BN %s, with BN %s (%.0f s)%n",
                    steps,
                    seeds,
                    without.interval(Measures.TEST_ACC).describe(Comparisons.DIGITS),
                    with.interval(Measures.TEST_ACC).describe(Comparisons.DIGITS),
                    seconds);
            out.println(Comparisons.compare(Measures.TEST_ACC, with, without));
        }
        out.println("figure written to " + dir.resolve(PNG_FILE));
    }

    /** The final test accuracies of {@code network} over the seeds, as a study summarises them. */
    private static ConfigSummary finalAccuracy(List<List<Figure1Point>> runs, String network) {
        double[] values = runs.stream().mapToDouble(r -> last(r, network)).toArray();
        return new ConfigSummary(
                network, values.length, 0, Map.of(Measures.TEST_ACC, Interval.of(values)));
    }

    /**
     * Where the experiment stopped and what it kept. The figure compares the two networks over the
     * same steps, and a network's training cannot be continued (no checkpoints are kept), so the
     * way on is to run the command again.
     */
    private static String interrupted(
            TrainingInterruptedException e, Path dir, List<Figure1Point> points) {
        if (points.isEmpty()) {
            return e.getMessage() + "; nothing was measured, so nothing was saved";
        }
        Map<String, Integer> lastStep = new LinkedHashMap<>();
        points.forEach(p -> lastStep.put(p.network(), p.step()));
        List<String> kept = new ArrayList<>();
        lastStep.forEach((network, step) -> kept.add(network + " steps 0.." + step));
        return e.getMessage()
                + "; "
                + dir.resolve(CSV_FILE)
                + " keeps the "
                + points.size()
                + " measurements made ("
                + String.join(", ", kept)
                + "); "
                + PNG_FILE
                + " needs both networks trained to the end: run the command again (with"
                + " another --output) to make it";
    }

    private static double last(List<Figure1Point> points, String network) {
        return points.stream()
                .filter(p -> p.network().equals(network))
                .reduce((a, b) -> b)
                .orElseThrow()
                .testAccuracy();
    }

    /** The measurements; with more than one seed, each row starts with its seed (1, 2, …). */
    private static String csv(List<List<Figure1Point>> runs) {
        boolean seeded = runs.size() > 1;
        StringBuilder csv =
                new StringBuilder(seeded ? "seed," : "")
                        .append("step,network,test_acc,p15,p50,p85\n");
        for (int seed = 1; seed <= runs.size(); seed++) {
            for (Figure1Point p : runs.get(seed - 1)) {
                csv.append(seeded ? seed + "," : "")
                        .append(
                                String.format(
                                        Locale.ROOT,
                                        "%d,%s,%.6f,%.6f,%.6f,%.6f\n",
                                        p.step(),
                                        p.network(),
                                        p.testAccuracy(),
                                        p.p15(),
                                        p.p50(),
                                        p.p85()));
            }
        }
        return csv.toString();
    }

    /**
     * Figure 1's own help and default for the shared {@link RuntimeOptions}: one PyTorch thread by
     * default, and {@code --data-dir} may hold MNIST, the paper's data set.
     */
    static final class Figure1Runtime implements CommandLine.IModelTransformer {

        // one thread: the matrices are small (60 x 784 at most), so more threads mostly add
        // synchronisation; 1,000 steps took 11 s with 1 thread, 116 s with 2 on a busy 2-core
        // machine
        private static final String THREADS = "1";

        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec spec) {
            replace(
                    spec,
                    spec.findOption("--threads").toBuilder()
                            .defaultValue(THREADS)
                            .description("PyTorch threads, " + OptionRanges.THREADS + ".")
                            .build());
            replace(
                    spec,
                    spec.findOption("--data-dir").toBuilder()
                            .description(
                                    "Directory with the four IDX files: Fashion-MNIST, or MNIST"
                                            + " (same file names) (default: the Fashion-MNIST"
                                            + " search, see 'bnlab data').")
                            .build());
            return spec;
        }

        private static void replace(
                CommandLine.Model.CommandSpec spec, CommandLine.Model.OptionSpec option) {
            spec.remove(spec.findOption(option.longestName()));
            spec.addOption(option);
        }
    }
}
