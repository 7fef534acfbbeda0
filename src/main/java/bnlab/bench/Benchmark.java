package bnlab.bench;

import ai.djl.Model;
import bnlab.data.Split;
import bnlab.model.LeNet;
import bnlab.model.Variant;
import bnlab.train.ClassifierTrainer;
import bnlab.train.RunDirectory;
import bnlab.train.StepTiming;
import bnlab.train.TrainingConfig;
import java.util.Arrays;

/**
 * Measures steady-state training and inference speed of one variant: W warm-up steps (the first
 * batches are slow while PyTorch allocates and picks kernels), then N timed steps on real,
 * shuffled batches through the same code path as {@code bnlab train}.
 */
public final class Benchmark {

    private final Split train;
    private final Split test;

    /** A benchmark on the given splits. */
    public Benchmark(Split train, Split test) {
        this.train = train;
        this.test = test;
    }

    /**
     * Runs the benchmark of {@code config.variant()} with {@code config}'s batch size and seed.
     *
     * @param warmup steps before timing, at least 0
     * @param steps timed steps, at least 1
     */
    public BenchmarkResult run(TrainingConfig config, int warmup, int steps) {
        if (warmup < 0 || steps < 1) {
            throw new IllegalArgumentException(
                    "--warmup must be >= 0 and --steps >= 1, got " + warmup + " and " + steps);
        }
        Variant variant = config.variant();
        try (Model model = Model.newInstance(RunDirectory.MODEL_NAME)) {
            model.setBlock(LeNet.builder().setVariant(variant).build());
            try (ClassifierTrainer trainer = new ClassifierTrainer(model, config, train, test)) {
                int batch = config.batchSize();
                long[] order = ClassifierTrainer.shuffledIndices(trainer.trainSize(), config.seed(), 1);
                int perEpoch = trainer.trainSize() / batch;
                double[] total = new double[steps];
                double[][] phases = new double[4][steps];
                for (int s = 0; s < warmup + steps; s++) {
                    int from = (s % perEpoch) * batch;
                    StepTiming t = trainer.timedStep(Arrays.copyOfRange(order, from, from + batch));
                    if (s >= warmup) {
                        int i = s - warmup;
                        total[i] = t.totalNanos() / 1e6;
                        phases[0][i] = t.dataNanos() / 1e6;
                        phases[1][i] = t.forwardNanos() / 1e6;
                        phases[2][i] = t.backwardNanos() / 1e6;
                        phases[3][i] = t.optimizerNanos() / 1e6;
                    }
                }
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
                int epochSteps = config.batchesPerEpoch(trainer.trainSize());
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
                        ProcessMemory.residentMiB(),
                        ProcessMemory.peakResidentMiB(),
                        ProcessMemory.heapUsedMiB(),
                        ProcessMemory.nativeMiB(),
                        ManagedMemory.bytes(model.getNDManager()) / (1024.0 * 1024.0));
            }
        }
    }
}
