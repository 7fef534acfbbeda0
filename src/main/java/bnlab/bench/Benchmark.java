package bnlab.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import bnlab.data.Split;
import bnlab.errors.Ranges;
import bnlab.errors.SettingException;
import bnlab.fold.BatchNormFolding;
import bnlab.io.AtomicFiles;
import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.run.RunDirectory;
import bnlab.train.ClassifierTrainer;
import bnlab.train.DiagnosticsRecorder;
import bnlab.train.Inference;
import bnlab.train.NativeSplit;
import bnlab.train.StepTiming;
import bnlab.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Measures steady-state training and inference speed of one variant: W warm-up steps (the first
 * batches are slow while PyTorch allocates and picks kernels), then N timed steps on real, shuffled
 * batches through the same code path as {@code bnlab train}.
 */
public final class Benchmark {

    /** The most warm-up steps: a few dozen already reach the steady state; 10,000 take minutes. */
    public static final int MAX_WARMUP = 10_000;

    /**
     * The most timed steps or batches: 100,000 training steps of batch 256 take about an hour here,
     * far more than a stable median needs.
     */
    public static final int MAX_STEPS = 100_000;

    private final Split train;
    private final Split test;

    /** A benchmark on the given splits. */
    public Benchmark(Split train, Split test) {
        this.train = train;
        this.test = test;
    }

    /**
     * Runs the benchmark of {@code config}'s preset with {@code config}'s batch size and seed.
     *
     * @param warmup steps before timing, at least 0
     * @param steps timed steps, at least 1
     */
    public BenchmarkResult run(TrainingConfig config, int warmup, int steps) {
        requireSteps(warmup, steps, config.batchSize());
        Variant variant = preset(config);
        try (Model model = RunDirectory.newLeNetModel(config.network())) {
            try (ClassifierTrainer trainer = new ClassifierTrainer(model, config, train, test)) {
                int batch = config.batchSize();
                long[] order =
                        ClassifierTrainer.shuffledIndices(trainer.trainSize(), config.seed(), 1);
                double[] total = new double[steps];
                double[][] phases = new double[4][steps];
                long faultsBefore = 0;
                for (int s = 0; s < warmup + steps; s++) {
                    if (s == warmup) {
                        faultsBefore = ProcessMemory.minorFaults();
                    }
                    StepTiming t = trainer.timedStep(batchOf(order, s, batch));
                    if (s >= warmup) {
                        int i = s - warmup;
                        total[i] = t.totalNanos() / 1e6;
                        phases[0][i] = t.dataNanos() / 1e6;
                        phases[1][i] = t.forwardNanos() / 1e6;
                        phases[2][i] = t.backwardNanos() / 1e6;
                        phases[3][i] = t.optimizerNanos() / 1e6;
                    }
                }
                double faultsPerStep = faultsPerStep(faultsBefore, steps);
                int testBatches = trainer.testSize() / batch;
                double[] inference = new double[Math.max(1, Math.min(steps, testBatches))];
                for (int s = 0; s < warmup + inference.length; s++) {
                    int from = (s % testBatches) * batch;
                    long t0 = System.nanoTime();
                    trainer.inferenceBatch(from, from + batch);
                    if (s >= warmup) {
                        inference[s - warmup] = (System.nanoTime() - t0) / 1e6;
                    }
                }
                double step = Stats.median(total);
                double infer = Stats.median(inference);
                int epochSteps = config.trainingBatchesPerEpoch(trainer.trainSize());
                int evalSteps = config.batchesPerEpoch(trainer.testSize());
                return new BenchmarkResult(
                        variant,
                        batch,
                        warmup,
                        steps,
                        step,
                        Stats.percentile(total, 90),
                        Stats.median(phases[0]),
                        Stats.median(phases[1]),
                        Stats.median(phases[2]),
                        Stats.median(phases[3]),
                        batch * 1000.0 / step,
                        infer,
                        batch * 1000.0 / infer,
                        (epochSteps * step + evalSteps * infer) / 1000.0,
                        faultsPerStep,
                        ProcessMemory.residentMiB(),
                        ProcessMemory.peakResidentMiB(),
                        ProcessMemory.heapUsedMiB(),
                        ProcessMemory.nativeMiB(),
                        ManagedMemory.bytes(model.getNDManager()) / (1024.0 * 1024.0));
            }
        }
    }

    /**
     * bnlab's training step against DJL's standard training path ({@link DjlPeer}) on the same
     * network and batches: two fresh models of {@code config}'s preset, stepped alternately (which
     * one goes first swaps every step), {@code warmup} steps each before {@code steps} timed ones.
     */
    public PeerResult djlPeer(TrainingConfig config, int warmup, int steps) {
        requireSteps(warmup, steps, config.batchSize());
        Variant variant = preset(config);
        long[] order = ClassifierTrainer.shuffledIndices(train.count(), config.seed(), 1);
        double[] ours = new double[steps];
        double[] theirs = new double[steps];
        double[] ratios = new double[steps];
        double[][] phases = new double[3][steps];
        try (Model bnlabModel = RunDirectory.newLeNetModel(config.network());
                Model djlModel = RunDirectory.newLeNetModel(config.network());
                ClassifierTrainer bnlab = new ClassifierTrainer(bnlabModel, config, train, test);
                DjlPeer djl = new DjlPeer(djlModel, config, train, order)) {
            for (int s = 0; s < warmup + steps; s++) {
                long[] indices = batchOf(order, s, config.batchSize());
                long[] peer;
                double step;
                if (s % 2 == 0) {
                    step = bnlab.timedStep(indices).totalNanos() / 1e6;
                    peer = djl.timedStep();
                } else {
                    peer = djl.timedStep();
                    step = bnlab.timedStep(indices).totalNanos() / 1e6;
                }
                if (s >= warmup) {
                    int i = s - warmup;
                    ours[i] = step;
                    theirs[i] = (peer[0] + peer[1] + peer[2]) / 1e6;
                    ratios[i] = theirs[i] / ours[i];
                    for (int p = 0; p < 3; p++) {
                        phases[p][i] = peer[p] / 1e6;
                    }
                }
            }
        }
        return new PeerResult(
                variant,
                "djl",
                config.batchSize(),
                warmup,
                steps,
                Stats.median(ours),
                Stats.median(theirs),
                Stats.median(ratios),
                Stats.median(phases[0]),
                Stats.median(phases[1]),
                Stats.median(phases[2]));
    }

    /**
     * What recording diagnostics every {@code every} steps costs: two fresh models of {@code
     * config}'s preset on the same batches, one recording, {@code warmup} steps each, then {@code
     * rounds} rounds of {@code every} steps each (one recorded), timed as a whole; which trainer
     * goes first swaps every round.
     */
    public DiagnosticsCostResult diagnosticsCost(
            TrainingConfig config, int warmup, int rounds, int every) {
        requireSteps(warmup, rounds, config.batchSize());
        Ranges.check("every", every, 1, MAX_STEPS / rounds);
        Variant variant = preset(config);
        long[] order = ClassifierTrainer.shuffledIndices(train.count(), config.seed(), 1);
        double[] plain = new double[rounds];
        double[] recording = new double[rounds];
        double[] ratios = new double[rounds];
        double[] extra = new double[rounds];
        try (Model plainModel = RunDirectory.newLeNetModel(config.network());
                Model recordingModel = RunDirectory.newLeNetModel(config.network());
                ClassifierTrainer plainTrainer =
                        new ClassifierTrainer(plainModel, config, train, test);
                ClassifierTrainer recordingTrainer =
                        new ClassifierTrainer(recordingModel, config, train, test)) {
            recordingTrainer.optDiagnostics(new DiagnosticsRecorder(every));
            for (int s = 0; s < warmup; s++) {
                long[] indices = batchOf(order, s, config.batchSize());
                plainTrainer.timedStep(indices);
                recordingTrainer.timedStep(indices);
            }
            for (int r = 0; r < rounds; r++) {
                int first = warmup + r * every;
                double p;
                double d;
                if (r % 2 == 0) {
                    p = timedRound(plainTrainer, order, first, every, config.batchSize());
                    d = timedRound(recordingTrainer, order, first, every, config.batchSize());
                } else {
                    d = timedRound(recordingTrainer, order, first, every, config.batchSize());
                    p = timedRound(plainTrainer, order, first, every, config.batchSize());
                }
                plain[r] = p;
                recording[r] = d;
                ratios[r] = d / p;
                extra[r] = (d - p) * every;
            }
        }
        return new DiagnosticsCostResult(
                variant,
                config.batchSize(),
                every,
                warmup,
                rounds,
                Stats.median(plain),
                Stats.median(recording),
                Stats.median(ratios),
                Stats.median(extra));
    }

    /** Milliseconds per step of steps {@code first} .. {@code first + count - 1}, run in a row. */
    private static double timedRound(
            ClassifierTrainer trainer, long[] order, int first, int count, int batch) {
        long t0 = System.nanoTime();
        for (int s = first; s < first + count; s++) {
            trainer.timedStep(batchOf(order, s, batch));
        }
        return (System.nanoTime() - t0) / 1e6 / count;
    }

    /**
     * Runs {@code warmup} steps of {@code config.network()}, then {@code steps} more under
     * PyTorch's profiler; writes the profiler's Chrome trace to {@code trace} (whole or not at all)
     * and returns its per-operator summary. The profiler's own overhead makes these steps slower
     * than {@link #run}'s, so its times are for proportions, not for speed.
     */
    public OpProfile profile(TrainingConfig config, int warmup, int steps, Path trace)
            throws IOException {
        requireSteps(warmup, steps, config.batchSize());
        Path absolute = trace.toAbsolutePath();
        Path partial = AtomicFiles.partialSibling(absolute);
        double faults;
        try (Model model = RunDirectory.newLeNetModel(config.network())) {
            try (ClassifierTrainer trainer = new ClassifierTrainer(model, config, train, test)) {
                long[] order =
                        ClassifierTrainer.shuffledIndices(trainer.trainSize(), config.seed(), 1);
                long faultsBefore = 0;
                for (int s = 0; s < warmup + steps; s++) {
                    if (s == warmup) {
                        faultsBefore = ProcessMemory.minorFaults();
                        JniUtils.startProfile(false, false, false);
                    }
                    trainer.timedStep(batchOf(order, s, config.batchSize()));
                }
                faults = faultsPerStep(faultsBefore, steps);
                JniUtils.stopProfile(partial.toString());
            }
            OpProfile profile = OpProfile.fromChromeTrace(Files.readString(partial), steps, faults);
            AtomicFiles.move(partial, absolute);
            return profile;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Each step takes a whole batch of each split: the batch must fit in both. */
    private void requireSteps(int warmup, int steps, int batchSize) {
        Ranges.check("warmup", warmup, 0, MAX_WARMUP);
        Ranges.check("steps", steps, 1, MAX_STEPS);
        Ranges.check("batchSize", batchSize, 1, Math.min(train.count(), test.count()));
    }

    /** Minor page faults per step since {@code before} was read; NaN where /proc is unavailable. */
    private static double faultsPerStep(long before, int steps) {
        long after = ProcessMemory.minorFaults();
        return before < 0 || after < 0 ? Double.NaN : (after - before) / (double) steps;
    }

    /** The indices of step {@code s}: consecutive batches of {@code order}, wrapping each epoch. */
    private static long[] batchOf(long[] order, int s, int batch) {
        int from = (s % (order.length / batch)) * batch;
        return Arrays.copyOfRange(order, from, from + batch);
    }

    /**
     * A fresh LeNet of {@code config.network()} trained for {@code steps} steps in memory, for
     * {@link #foldedInference} when no saved run is given (speed does not depend on the values, but
     * a few steps make the moving statistics real ones). The caller closes it.
     */
    public Model trainFresh(TrainingConfig config, int steps) {
        Model model = RunDirectory.newLeNetModel(config.network());
        try (ClassifierTrainer trainer = new ClassifierTrainer(model, config, train, test)) {
            long[] order = ClassifierTrainer.shuffledIndices(trainer.trainSize(), config.seed(), 1);
            for (int s = 0; s < steps; s++) {
                trainer.timedStep(batchOf(order, s, config.batchSize()));
            }
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Inference speed of {@code model} and of its folded copy on the test split: after {@code
     * warmup} untimed rounds, {@code batches} rounds each timing one batch through the original and
     * the same batch through the folded model, back to back (in alternating order), so both see the
     * same load on a shared machine.
     *
     * @param label what the result calls the model
     * @param model a trained LeNet of {@code network}, with batch norm to fold
     */
    public FoldedInferenceResult foldedInference(
            String label,
            Model model,
            NetworkConfig network,
            int batchSize,
            int warmup,
            int batches) {
        requireSteps(warmup, batches, batchSize);
        double[] unfolded = new double[batches];
        double[] folded = new double[batches];
        double[] ratios = new double[batches];
        try (Model foldedModel = BatchNormFolding.fold(model, network);
                NDManager manager = model.getNDManager().newSubManager();
                NativeSplit data = new NativeSplit(manager, test)) {
            int testBatches = data.size() / batchSize;
            if (testBatches < 1) {
                throw new SettingException("batchSize", batchSize + " exceeds the test split");
            }
            for (int s = 0; s < warmup + batches; s++) {
                int from = (s % testBatches) * batchSize;
                // swap the order every round: the second pass finds the batch in cache
                boolean unfoldedFirst = s % 2 == 0;
                double[] ms =
                        Inference.onBatch(
                                manager,
                                data,
                                from,
                                from + batchSize,
                                batch -> {
                                    double b = unfoldedFirst ? 0 : timedForward(foldedModel, batch);
                                    double a = timedForward(model, batch);
                                    if (unfoldedFirst) {
                                        b = timedForward(foldedModel, batch);
                                    }
                                    return new double[] {a, b};
                                });
                if (s >= warmup) {
                    unfolded[s - warmup] = ms[0];
                    folded[s - warmup] = ms[1];
                    ratios[s - warmup] = ms[0] / ms[1];
                }
            }
        }
        return new FoldedInferenceResult(
                label,
                batchSize,
                batches,
                Stats.median(unfolded),
                Stats.median(folded),
                Stats.median(ratios));
    }

    /** Milliseconds of one inference forward pass, up to the predictions on the host. */
    private static double timedForward(Model model, Inference.Batch batch) {
        long t0 = System.nanoTime();
        Inference.logits(model, batch).argMax(1).toLongArray();
        return (System.nanoTime() - t0) / 1e6;
    }

    /** The preset {@code config} trains: results name the variant they measured. */
    private static Variant preset(TrainingConfig config) {
        return config.network()
                .preset()
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "bench measures the presets ("
                                                + Variant.names()
                                                + "), got "
                                                + config.network()));
    }
}
