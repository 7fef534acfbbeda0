package bnlab.cli;

import ai.djl.Model;
import bnlab.bench.BenchTables;
import bnlab.bench.Benchmark;
import bnlab.bench.BenchmarkResult;
import bnlab.bench.FoldedInferenceResult;
import bnlab.data.FashionMnist;
import bnlab.io.AtomicFiles;
import bnlab.model.Variant;
import bnlab.run.SavedRun;
import bnlab.run.SavedRunException;
import bnlab.run.SoftwareVersions;
import bnlab.train.OptimizerKind;
import bnlab.train.TrainingConfig;
import com.google.gson.GsonBuilder;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
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
            "  ./bnlab bench --inference --run runs/scratch-20250101-120000"
        })
public final class BenchCommand implements Callable<Integer> {

    private static final String GLIBC_TUNABLES = "GLIBC_TUNABLES";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin VerboseOption verbose;

    @Option(
            names = "--variant",
            defaultValue = "all",
            description = "Variant to measure: all, or one of scratch, concise, plain.")
    String variant;

    @Option(names = "--warmup", defaultValue = "20", description = "Untimed warm-up steps.")
    int warmup;

    @Option(names = "--steps", defaultValue = "100", description = "Timed training steps.")
    int steps;

    @Option(
            names = "--batch-size",
            defaultValue = "" + TrainingConfig.DEFAULT_BATCH_SIZE,
            description = "Examples per step.")
    int batchSize;

    @Option(
            names = "--seed",
            defaultValue = "" + TrainingConfig.DEFAULT_SEED,
            description = "Seed of initialisation and batch order.")
    long seed;

    @Mixin RuntimeOptions runtime;

    @Option(names = "--json", description = "Also write the figures to this JSON file.")
    Path json;

    /** What to measure; none of the two: training and inference steps of each variant. */
    @ArgGroup(exclusive = true, heading = "%nInstead of timing training and inference steps:%n")
    Mode mode = new Mode();

    /** The two other things {@code bench} can measure, one at a time. */
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
    }

    @Option(names = "--top", defaultValue = "15", description = "With --profile: operators listed.")
    int top;

    @Option(
            names = "--run",
            paramLabel = "RUN_DIR",
            description =
                    "With --inference: the saved"
                            + " scratch or concise run to measure (default: train each batch-norm variant afresh"
                            + " for --warmup steps).")
    Path run;

    @Override
    public Integer call() throws Exception {
        verbose.apply();
        boolean inference = mode.inference;
        Path profile = mode.profile;
        if (run != null && !inference) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--run is only for --inference");
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
                configs.add(
                        new TrainingConfig(
                                v,
                                1,
                                batchSize,
                                TrainingConfig.DEFAULT_LEARNING_RATE,
                                OptimizerKind.ADAM,
                                seed,
                                null,
                                runtime.threads()));
            }
            if (warmup < 0 || steps < 1) {
                throw new IllegalArgumentException(
                        "--warmup must be >= 0 and --steps >= 1, got " + warmup + " and " + steps);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (profile != null) {
            if (json != null) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--profile cannot be combined with --json");
            }
            if (top < 1) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--top must be >= 1, got " + top);
            }
            if (Files.isDirectory(profile)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--profile: "
                                + profile
                                + " is a directory; give the trace's file name,"
                                + " e.g. "
                                + profile.resolve("trace.json"));
            }
            Path dir = profile.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--profile: directory " + dir + " does not exist");
            }
        }
        FashionMnist data = runtime.start(spec);
        Benchmark benchmark = new Benchmark(data.train(), data.test());
        PrintWriter out = spec.commandLine().getOut();
        if (inference) {
            return foldedInference(benchmark, configs, out);
        }
        if (profile != null) {
            // one trace is one variant: "all" profiles the one `train` runs by default
            TrainingConfig config =
                    variant.equals("all")
                            ? configs.get(variants.indexOf(Variant.SCRATCH))
                            : configs.get(0);
            return profile(benchmark, config, profile, out);
        }
        out.printf(
                Locale.ROOT,
                "bnlab bench: batch %d, %d warm-up + %d timed steps, %d threads%n",
                batchSize,
                warmup,
                steps,
                configs.get(0).threads());
        out.println("malloc: " + mallocSettings());
        out.println(BenchTables.header());
        out.flush();
        List<BenchmarkResult> results = new ArrayList<>();
        for (TrainingConfig config : configs) {
            BenchmarkResult r = benchmark.run(config, warmup, steps);
            results.add(r);
            out.println(BenchTables.row(r));
            out.flush();
        }
        if (json != null) {
            writeJson(configs.get(0).threads(), results, out);
        }
        return 0;
    }

    /** {@code --profile}: PyTorch's per-operator times, as {@code key_averages()} prints them. */
    private int profile(Benchmark benchmark, TrainingConfig config, Path trace, PrintWriter out)
            throws Exception {
        out.printf(
                Locale.ROOT,
                "bnlab bench --profile: %s, batch %d, %d warm-up + %d profiled steps,"
                        + " %d threads%n",
                config.variant(),
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
    private int foldedInference(Benchmark benchmark, List<TrainingConfig> configs, PrintWriter out)
            throws Exception {
        out.printf(
                Locale.ROOT,
                "bnlab bench --inference: batch %d, %d warm-up + %d timed batches"
                        + " per model, %d threads%n",
                batchSize,
                warmup,
                steps,
                configs.get(0).threads());
        out.println(BenchTables.foldedHeader());
        List<FoldedInferenceResult> results = new ArrayList<>();
        if (run != null) {
            SavedRun saved = SavedRun.open(run);
            if (!saved.variant().hasBatchNorm()) {
                throw new SavedRunException(
                        run
                                + ": a "
                                + saved.variant()
                                + " run has no batch"
                                + " norm: nothing to fold");
            }
            try (Model model = saved.loadModel()) {
                results.add(foldedRow(benchmark, run.toString(), model, saved.variant(), out));
            }
        } else {
            for (TrainingConfig config : configs) {
                if (config.variant().hasBatchNorm()) {
                    try (Model model = benchmark.trainFresh(config, warmup)) {
                        results.add(
                                foldedRow(
                                        benchmark,
                                        config.variant() + " (fresh, " + warmup + " steps)",
                                        model,
                                        config.variant(),
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
            Benchmark benchmark, String label, Model model, Variant v, PrintWriter out) {
        FoldedInferenceResult r;
        try {
            r = benchmark.foldedInference(label, model, v, batchSize, warmup, steps);
        } catch (IllegalArgumentException e) {
            throw new SavedRunException(label + ": cannot fold: " + e.getMessage(), e);
        }
        out.println(BenchTables.row(r));
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
