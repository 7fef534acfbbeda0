package bnlab.cli;

import ai.djl.Model;
import bnlab.bench.BenchTables;
import bnlab.bench.Benchmark;
import bnlab.bench.BenchmarkResult;
import bnlab.bench.FoldedInferenceResult;
import bnlab.bench.ScalingChart;
import bnlab.bench.ScalingCsv;
import bnlab.bench.ScalingPoint;
import bnlab.data.FashionMnist;
import bnlab.errors.Ranges;
import bnlab.fold.BatchNormFolding;
import bnlab.io.AtomicFiles;
import bnlab.io.OutputFiles;
import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.run.SavedRun;
import bnlab.run.SavedRunException;
import bnlab.run.SoftwareVersions;
import bnlab.train.DiagnosticsRecorder;
import bnlab.train.OptimizerKind;
import bnlab.train.TrainingConfig;
import com.google.gson.GsonBuilder;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bnlab bench}: steady-state training and inference speed and memory, per variant. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description =
                "Measure training and inference speed and memory of each variant on real"
                        + " batches (a benchmark, not a test).",
        footer = {
            "",
            "Examples:",
            "  ./bnlab bench --variant concise --steps 200 --json bench.json",
            "  ./bnlab bench --inference --run runs/scratch-20250101-120000",
            "  ./bnlab bench --peer djl --variant concise",
            "  ./bnlab bench --diagnostics --variant scratch --steps 1000",
            "  ./bnlab bench --scaling docs/results/performance/scaling.csv --variant concise"
        })
public final class BenchCommand extends BnlabSubcommand {

    private static final String GLIBC_TUNABLES = "GLIBC_TUNABLES";

    /** The one peer {@code --peer} knows. */
    private static final String DJL = "djl";

    /** The most operators {@code --top} lists: a LeNet step runs fewer than 100 distinct ones. */
    private static final int MAX_TOP = 1000;

    @Option(
            names = "--variant",
            defaultValue = "all",
            description = "Variant to measure: all, or one of scratch, concise, plain.")
    String variant;

    @Option(
            names = "--warmup",
            defaultValue = "20",
            description = "Untimed warm-up steps, 0.." + Benchmark.MAX_WARMUP + ".")
    int warmup;

    @Option(
            names = "--steps",
            defaultValue = "100",
            description = "Timed training steps, 1.." + Benchmark.MAX_STEPS + ".")
    int steps;

    @Option(
            names = "--batch-size",
            defaultValue = "" + TrainingConfig.DEFAULT_BATCH_SIZE,
            description = "Examples per step, " + OptionRanges.BATCH_SIZE + ".")
    int batchSize;

    @Option(
            names = "--seed",
            defaultValue = "" + TrainingConfig.DEFAULT_SEED,
            description = "Seed of initialisation and batch order, " + OptionRanges.SEED + ".")
    long seed;

    @Mixin RuntimeOptions runtime;

    @Option(names = "--json", description = "Also write the figures to this JSON file.")
    Path json;

    /** What to measure; none of these: training and inference steps of each variant. */
    @ArgGroup(exclusive = true, heading = "%nInstead of timing training and inference steps:%n")
    Mode mode = new Mode();

    /** The other things {@code bench} can measure, one at a time. */
    static final class Mode {

        @Option(
                names = "--inference",
                description =
                        "Inference images/s of a batch-norm model and of its folded copy (see"
                                + " 'bnlab fold'), --steps batches each after --warmup,"
                                + " alternating; the speedup is the median ratio of back-to-back"
                                + " batches.")
        boolean inference;

        @Option(
                names = "--profile",
                paramLabel = "TRACE",
                description =
                        "Run --steps steps of one --variant (default scratch) under PyTorch's"
                                + " profiler after --warmup, write the Chrome trace"
                                + " (chrome://tracing, Perfetto) to TRACE and print where a"
                                + " step's time goes, operator by operator.")
        Path profile;

        @Option(
                names = "--peer",
                paramLabel = "PEER",
                description =
                        "Time bnlab's training step against PEER's on the same network and"
                                + " batches, alternating step by step: djl is DJL's standard"
                                + " training path (DefaultTrainingConfig with an accuracy"
                                + " evaluator, Trainer, EasyTrain.trainBatch over an"
                                + " ArrayDataset), as a d2l-java reader writes it.")
        String peer;

        @Option(
                names = "--scaling",
                paramLabel = "CSV",
                description =
                        "Step time, examples/s and resident memory at each of --batch-sizes"
                                + " (this JVM's --threads), added to CSV (rows of the same"
                                + " engine, variant, threads and batch size are replaced) and"
                                + " charted in a PNG beside it; bench/scaling.sh runs one process"
                                + " per point, with PyTorch's.")
        Path scaling;

        @Option(
                names = "--diagnostics",
                description =
                        "What train --diagnostics costs: --steps steps (whole rounds of --every)"
                                + " of two fresh models, one recording, alternating round by"
                                + " round after --warmup; the median time per step of each and"
                                + " the median ratio.")
        boolean diagnostics;
    }

    @Option(
            names = "--every",
            defaultValue = "" + DiagnosticsRecorder.DEFAULT_EVERY,
            description = "With --diagnostics: the recording interval in steps, 1..--steps.")
    int every;

    @Option(
            names = "--batch-sizes",
            split = ",",
            paramLabel = "N",
            defaultValue = "16,32,64,128,256,512,1024",
            description =
                    "With --scaling: the batch sizes measured, in this order, each "
                            + OptionRanges.BATCH_SIZE
                            + ".")
    List<Integer> batchSizes;

    @Option(
            names = "--top",
            defaultValue = "15",
            description = "With --profile: operators listed, 1.." + MAX_TOP + ".")
    int top;

    @Option(
            names = "--run",
            paramLabel = "RUN_DIR",
            description =
                    "With --inference: the saved"
                            + " run with batch norm (scratch, djl or batch-renorm) to measure"
                            + " (default: train each batch-norm variant afresh for --warmup"
                            + " steps).")
    Path run;

    @Override
    int execute() throws Exception {
        boolean inference = mode.inference;
        Path profile = mode.profile;
        if (run != null && !inference) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--run is only for --inference");
        }
        if (mode.peer != null && !mode.peer.equals(DJL)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--peer: unknown peer '" + mode.peer + "', expected " + DJL);
        }
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        if (!mode.diagnostics && given.hasMatchedOption("--every")) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--every is only for --diagnostics");
        }
        if (mode.scaling == null && given.hasMatchedOption("--batch-sizes")) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--batch-sizes is only for --scaling");
        }
        if (mode.scaling != null) {
            if (given.hasMatchedOption("--batch-size") || json != null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--scaling takes --batch-sizes and writes CSV: drop --batch-size and"
                                + " --json");
            }
            for (int b : batchSizes) {
                UsageErrors.check(
                        spec,
                        () ->
                                Ranges.check(
                                        "--batch-sizes",
                                        b,
                                        TrainingConfig.MIN_BATCH_SIZE,
                                        TrainingConfig.MAX_BATCH_SIZE));
            }
            requireWritableFile("--scaling", mode.scaling);
            // a file that is not a scaling table fails before any work
            ScalingCsv.read(mode.scaling);
        }
        List<Variant> variants = new ArrayList<>();
        List<TrainingConfig> configs = new ArrayList<>();
        try {
            if (variant.equals("all")) {
                variants.addAll(List.of(Variant.values()));
            } else {
                variants.add(Variant.parse(variant));
            }
            for (Variant v : variants) {
                configs.add(config(v, batchSize));
            }
            Ranges.check("--warmup", warmup, 0, Benchmark.MAX_WARMUP);
            Ranges.check("--steps", steps, 1, Benchmark.MAX_STEPS);
            Ranges.check("--top", top, 1, MAX_TOP);
            if (mode.diagnostics) {
                Ranges.check("--every", every, 1, steps);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), Messages.of(e));
        }
        if (profile != null) {
            if (json != null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--profile cannot be combined with --json");
            }
            requireWritableFile("--profile", profile);
        }
        if (json != null) {
            requireWritableFile("--json", json);
        }
        // a saved run is checked whole (settings, metrics, parameters) before any work
        SavedRun saved = run == null ? null : SavedRun.open(run);
        if (saved != null) {
            try {
                BatchNormFolding.checkFoldable(saved.network());
            } catch (IllegalArgumentException e) {
                throw new SavedRunException(run + ": cannot fold: " + e.getMessage(), e);
            }
        }
        runtime.configureEngine(spec);
        try (Model savedModel = saved == null ? null : saved.loadModel()) {
            FashionMnist data = runtime.start(spec);
            Benchmark benchmark = new Benchmark(data.train(), data.test());
            PrintWriter out = spec.commandLine().getOut();
            return inference
                    ? foldedInference(benchmark, configs, saved, savedModel, out)
                    : measure(benchmark, configs, variants, profile, out);
        }
    }

    /** The training benchmark, {@code --peer}, {@code --scaling} or {@code --profile}. */
    private int measure(
            Benchmark benchmark,
            List<TrainingConfig> configs,
            List<Variant> variants,
            Path profile,
            PrintWriter out)
            throws Exception {
        if (mode.peer != null) {
            return peer(benchmark, configs, out);
        }
        if (mode.scaling != null) {
            return scaling(benchmark, configs, out);
        }
        if (mode.diagnostics) {
            return diagnosticsCost(benchmark, configs, out);
        }
        if (profile != null) {
            // one trace is one variant: "all" profiles the one `train` runs by default
            TrainingConfig config =
                    variant.equals("all")
                            ? configs.get(variants.indexOf(Variant.SCRATCH))
                            : configs.get(0);
            return profile(benchmark, config, profile, out);
        }
        heading(
                String.format(
                        Locale.ROOT,
                        "bnlab bench: batch %d, %d warm-up + %d timed steps, %d threads",
                        batchSize,
                        warmup,
                        steps,
                        configs.get(0).threads()),
                BenchTables.TRAINING.header(),
                out);
        return rows(configs, c -> benchmark.run(c, warmup, steps), BenchTables.TRAINING::row, out);
    }

    /** The first line of a measurement, the malloc settings and the header of its table. */
    private static void heading(String title, String tableHeader, PrintWriter out) {
        out.println(title);
        out.println("malloc: " + mallocSettings());
        out.println(tableHeader);
        out.flush();
    }

    /**
     * Measures each configuration, printing its row as soon as it is known, then writes the results
     * to {@code --json} if given.
     */
    private <R> int rows(
            List<TrainingConfig> configs,
            Function<TrainingConfig, R> measure,
            Function<R, String> row,
            PrintWriter out)
            throws Exception {
        List<R> results = new ArrayList<>();
        for (TrainingConfig config : configs) {
            R r = measure.apply(config);
            results.add(r);
            out.println(row.apply(r));
            out.flush();
        }
        if (json != null) {
            writeJson(configs.get(0).threads(), results, out);
        }
        return 0;
    }

    /** {@code --peer djl}: bnlab's step beside DJL's standard training path's, per variant. */
    private int peer(Benchmark benchmark, List<TrainingConfig> configs, PrintWriter out)
            throws Exception {
        heading(
                String.format(
                        Locale.ROOT,
                        "bnlab bench --peer %s: batch %d, %d warm-up + %d timed steps each,"
                                + " %d threads, bnlab and DJL's standard training path"
                                + " alternating step by step",
                        mode.peer,
                        batchSize,
                        warmup,
                        steps,
                        configs.get(0).threads()),
                BenchTables.PEER.header(),
                out);
        return rows(configs, c -> benchmark.djlPeer(c, warmup, steps), BenchTables.PEER::row, out);
    }

    /** {@code --diagnostics}: each variant's step time without and with recording. */
    private int diagnosticsCost(Benchmark benchmark, List<TrainingConfig> configs, PrintWriter out)
            throws Exception {
        int rounds = steps / every;
        heading(
                String.format(
                        Locale.ROOT,
                        "bnlab bench --diagnostics: batch %d, %d warm-up steps + %d rounds of %d"
                                + " steps each, %d threads, without and with recording"
                                + " alternating round by round",
                        batchSize,
                        warmup,
                        rounds,
                        every,
                        configs.get(0).threads()),
                BenchTables.DIAGNOSTICS.header(),
                out);
        return rows(
                configs,
                c -> benchmark.diagnosticsCost(c, warmup, rounds, every),
                BenchTables.DIAGNOSTICS::row,
                out);
    }

    /** {@code --scaling}: each variant at each of {@code --batch-sizes}, into the CSV and chart. */
    private int scaling(Benchmark benchmark, List<TrainingConfig> configs, PrintWriter out)
            throws Exception {
        int threads = configs.get(0).threads();
        heading(
                String.format(
                        Locale.ROOT,
                        "bnlab bench --scaling: batch sizes %s, %d warm-up + %d timed steps each,"
                                + " %d threads",
                        batchSizes,
                        warmup,
                        steps,
                        threads),
                BenchTables.SCALING.header(),
                out);
        List<ScalingPoint> measured = new ArrayList<>();
        for (TrainingConfig config : configs) {
            for (int b : batchSizes) {
                BenchmarkResult r = benchmark.run(config(variantOf(config), b), warmup, steps);
                ScalingPoint point = ScalingPoint.of(r, threads);
                measured.add(point);
                out.println(BenchTables.SCALING.row(point));
                out.flush();
            }
        }
        Path csv = mode.scaling.toAbsolutePath();
        List<ScalingPoint> all = ScalingCsv.merge(csv, measured);
        String name = csv.getFileName().toString();
        Path png = csv.resolveSibling(name.replaceFirst("\\.csv$", "") + ".png");
        AtomicFiles.write(png, ScalingChart.png(all));
        out.println("table written to " + csv + " (" + all.size() + " points), chart to " + png);
        return 0;
    }

    /** The preset of one of this command's configurations (bench builds presets only). */
    private static Variant variantOf(TrainingConfig config) {
        return config.network().preset().orElseThrow();
    }

    /** A one-epoch Adam configuration of {@code variant} at {@code batch}, this command's seed. */
    private TrainingConfig config(Variant variant, int batch) {
        return new TrainingConfig(
                NetworkConfig.of(variant),
                1,
                batch,
                TrainingConfig.DEFAULT_LEARNING_RATE,
                OptimizerKind.ADAM,
                seed,
                null,
                runtime.threads());
    }

    /**
     * Exits with bad usage unless {@code file} can be written (see {@link
     * OutputFiles#checkWritable}): checked before the benchmark runs, not after it.
     */
    private void requireWritableFile(String option, Path file) throws Exception {
        UsageErrors.checkOption(
                spec,
                option,
                () -> {
                    OutputFiles.checkWritable(file);
                    return file;
                });
    }

    /** {@code --profile}: PyTorch's per-operator times, as {@code key_averages()} prints them. */
    private int profile(Benchmark benchmark, TrainingConfig config, Path trace, PrintWriter out)
            throws Exception {
        out.printf(
                Locale.ROOT,
                "bnlab bench --profile: %s, batch %d, %d warm-up + %d profiled steps,"
                        + " %d threads%n",
                variantOf(config),
                batchSize,
                warmup,
                steps,
                config.threads());
        out.flush();
        out.print(BenchTables.profile(benchmark.profile(config, warmup, steps, trace), top));
        out.println("trace written to " + trace);
        return 0;
    }

    /** {@code --inference}: the original and the folded model side by side. */
    private int foldedInference(
            Benchmark benchmark,
            List<TrainingConfig> configs,
            SavedRun saved,
            Model savedModel,
            PrintWriter out)
            throws Exception {
        out.printf(
                Locale.ROOT,
                "bnlab bench --inference: batch %d, %d warm-up + %d timed batches"
                        + " per model, %d threads%n",
                batchSize,
                warmup,
                steps,
                configs.get(0).threads());
        out.println(BenchTables.FOLDED.header());
        List<FoldedInferenceResult> results = new ArrayList<>();
        if (saved != null) {
            results.add(foldedRow(benchmark, run.toString(), savedModel, saved.network(), out));
        } else {
            for (TrainingConfig config : configs) {
                if (config.network().hasNormalizer()) {
                    try (Model model = benchmark.trainFresh(config, warmup)) {
                        results.add(
                                foldedRow(
                                        benchmark,
                                        variantOf(config) + " (fresh, " + warmup + " steps)",
                                        model,
                                        config.network(),
                                        out));
                    }
                }
            }
        }
        if (results.isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--inference needs a batch-norm variant: plain has nothing to fold");
        }
        if (json != null) {
            writeJson(configs.get(0).threads(), results, out);
        }
        return 0;
    }

    private FoldedInferenceResult foldedRow(
            Benchmark benchmark,
            String label,
            Model model,
            NetworkConfig network,
            PrintWriter out) {
        FoldedInferenceResult r;
        try {
            r = benchmark.foldedInference(label, model, network, batchSize, warmup, steps);
        } catch (IllegalArgumentException e) {
            throw new SavedRunException(label + ": cannot fold: " + e.getMessage(), e);
        }
        out.println(BenchTables.FOLDED.row(r));
        out.flush();
        return r;
    }

    /**
     * The glibc malloc settings of this process: the launcher sets them because they decide whether
     * PyTorch's activation buffers stay mapped between steps (README, Performance).
     */
    private static String mallocSettings() {
        return mallocSettings(System.getenv(GLIBC_TUNABLES));
    }

    /** {@link #mallocSettings()} for the given value of {@code GLIBC_TUNABLES} (null: unset). */
    static String mallocSettings(String tunables) {
        return tunables == null || tunables.isBlank()
                ? "glibc defaults (" + GLIBC_TUNABLES + " unset; ./bnlab sets it)"
                : GLIBC_TUNABLES + "=" + tunables;
    }

    private void writeJson(int threadCount, List<?> results, PrintWriter out) throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("threads", threadCount);
        doc.put("malloc", mallocSettings());
        doc.put("versions", SoftwareVersions.all());
        doc.put("results", results);
        String text = new GsonBuilder().setPrettyPrinting().create().toJson(doc) + "\n";
        AtomicFiles.write(json.toAbsolutePath(), text.getBytes(StandardCharsets.UTF_8));
        out.println("figures written to " + json);
    }
}
