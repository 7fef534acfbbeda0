package bnlab.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import bnlab.data.DataFormatException;
import bnlab.data.Split;
import bnlab.model.LeNet;
import bnlab.model.SiteLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Trains a classifier on in-memory splits, one epoch at a time, the way the chapter's {@code
 * train_ch5} does: softmax cross-entropy, one optimizer step per mini-batch, loss and accuracy
 * averaged over the epoch, test accuracy in inference mode.
 *
 * <p>Each batch runs in its own {@link NDManager} scope so native memory stays flat, and only two
 * scalars (loss and number correct) are copied to the host per batch, plus one read of the
 * diagnostics on a step they record.
 */
public final class ClassifierTrainer implements AutoCloseable {

    private final TrainingConfig config;
    private final Model model;
    private final Optimizer optimizer;
    private final Trainer trainer;
    private final NDManager manager;
    private final NativeSplit train;
    private final NativeSplit test;
    private final Loss loss = Loss.softmaxCrossEntropyLoss();
    private DiagnosticsRecorder diagnostics;
    private SiteLayout layout;
    private long timedSteps;

    /**
     * Initialises the model's parameters from {@code config.seed()} and loads both splits.
     *
     * @param model a model whose block is set and not yet initialised
     * @throws DataFormatException if the training split holds a single example, too few to train
     *     batch norm on
     */
    public ClassifierTrainer(
            Model model, TrainingConfig config, Split trainSplit, Split testSplit) {
        if (config.trainingBatchesPerEpoch(trainSplit.count()) == 0) {
            throw new DataFormatException(
                    trainSplit.imagesFile()
                            + ": the training split holds 1 example: expected at least 2, since"
                            + " batch norm cannot train on a single example");
        }
        this.config = config;
        this.model = model;
        Engine.getInstance().setRandomSeed((int) config.seed());
        this.optimizer = config.optimizer().create(config.learningRate());
        DefaultTrainingConfig djlConfig = new DefaultTrainingConfig(loss).optOptimizer(optimizer);
        // DJL's newTrainer makes every parameter of a loaded model trainable except the running
        // statistics: a resumed run's fixed gamma and beta (affine=fixed) must stay fixed
        List<Parameter> fixed =
                model.getBlock().getParameters().values().stream()
                        .filter(p -> !p.requiresGradient())
                        .toList();
        this.trainer = model.newTrainer(djlConfig);
        fixed.forEach(p -> p.freeze(true));
        trainer.initialize(LeNet.inputShape(config.batchSize()));
        this.manager = model.getNDManager().newSubManager();
        this.train = new NativeSplit(manager, trainSplit);
        this.test = new NativeSplit(manager, testSplit);
    }

    /**
     * Records diagnostics into {@code recorder} from now on, during the training steps themselves
     * (without it, a step computes nothing more).
     *
     * @throws IllegalArgumentException if the model is not the LeNet of this run's network
     */
    public void optDiagnostics(DiagnosticsRecorder recorder) {
        SiteLayout expected = LeNet.layout(config.network());
        if (!(model.getBlock() instanceof SequentialBlock net)
                || net.getChildren().size() != expected.outputLayer() + 1) {
            throw new IllegalArgumentException(
                    "diagnostics need the LeNet of " + config.network().label());
        }
        this.layout = expected;
        this.diagnostics = recorder;
    }

    /** The settings of this run. */
    public TrainingConfig config() {
        return config;
    }

    /**
     * Trains one epoch over a fresh shuffle of the training split, then measures test accuracy. A
     * last batch that would hold a single example is left out of the epoch ({@link
     * TrainingConfig#trainingBatchesPerEpoch}); the next epoch's shuffle puts that example
     * elsewhere.
     *
     * @param epoch 1-based; with the seed it fixes the shuffle, so a resumed run sees the same
     *     order
     * @throws TrainingDivergedException if a batch's loss is not finite
     */
    public EpochMetrics trainEpoch(int epoch, BatchListener listener) {
        long start = System.nanoTime();
        long[] order = shuffledIndices(train.size(), config.seed(), epoch);
        int batches = config.trainingBatchesPerEpoch(train.size());
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        for (int b = 0; b < batches; b++) {
            int from = b * config.batchSize();
            int to = Math.min(from + config.batchSize(), order.length);
            long step = (long) (epoch - 1) * batches + b + 1;
            BatchResult result = runStep(Arrays.copyOfRange(order, from, to), null, step, epoch);
            if (!Double.isFinite(result.loss)) {
                throw new TrainingDivergedException(epoch, b + 1, result.loss);
            }
            lossSum += result.loss;
            correct += result.correct;
            seen += to - from;
            listener.onBatch(b + 1, batches, lossSum / (b + 1));
        }
        double testAccuracy = accuracy(test);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EpochMetrics(
                epoch, lossSum / batches, (double) correct / seen, testAccuracy, seconds);
    }

    /**
     * The optimizer's state, encoded for a checkpoint: Adam's moments and update counts ({@link
     * ResumableAdam#encodeState}), an empty list for plain SGD, which keeps none.
     */
    public byte[] optimizerState() {
        if (optimizer instanceof ResumableAdam adam) {
            return adam.encodeState(parameters());
        }
        return new NDList().encode();
    }

    /**
     * Restores what {@link #optimizerState()} returned, so that training continues as it would have
     * without the interruption.
     *
     * @throws IllegalArgumentException if {@code encoded} is not such a state for this network and
     *     optimizer, saying why
     */
    public void restoreOptimizerState(byte[] encoded) {
        if (optimizer instanceof ResumableAdam adam) {
            adam.decodeState(parameters(), manager, encoded);
            return;
        }
        try (NDManager scratch = manager.newSubManager()) {
            int arrays = NDList.decode(scratch, encoded).size();
            if (arrays != 0) {
                throw new IllegalArgumentException(
                        "optimizer state holds "
                                + arrays
                                + " arrays; "
                                + config.optimizer()
                                + " keeps none");
            }
        }
    }

    private ParameterList parameters() {
        return model.getBlock().getParameters();
    }

    /** Accuracy on the test split in inference mode (moving statistics, no gradient recording). */
    public double testAccuracy() {
        return accuracy(test);
    }

    /**
     * Accuracy on the training split in inference mode, as {@link #testAccuracy()} measures the
     * test split: the training accuracy of an epoch is taken in training mode (dropout active,
     * batch statistics), so only this one compares with test accuracy as a generalization gap.
     */
    public double trainAccuracyInInferenceMode() {
        return accuracy(train);
    }

    /**
     * One training step on the training examples at {@code indices}, timed phase by phase (for
     * {@code bnlab bench}: the same code path as {@link #trainEpoch}). These steps are counted from
     * 1 as a run's are, for {@link #optDiagnostics}, as steps of epoch 1.
     */
    public StepTiming timedStep(long[] indices) {
        long[] phases = new long[4];
        runStep(indices, phases, ++timedSteps, 1);
        return new StepTiming(phases[0], phases[1], phases[2], phases[3]);
    }

    /**
     * Inference on the test examples {@code from} to {@code to}, returning the number classified
     * right (for {@code bnlab bench}).
     */
    public long inferenceBatch(int from, int to) {
        return Inference.onBatch(
                manager,
                test,
                from,
                to,
                batch -> Inference.correct(Inference.logits(model, batch), batch.labels()));
    }

    /** The number of training examples. */
    public int trainSize() {
        return train.size();
    }

    /** The number of test examples. */
    public int testSize() {
        return test.size();
    }

    /**
     * Runs one step in its own memory scope; fills {@code phases} (data, fwd, bwd, opt) if given.
     * The optimizer phase includes recording the diagnostics of a recorded step.
     */
    private BatchResult runStep(long[] indices, long[] phases, long step, int epoch) {
        boolean record = diagnostics != null && diagnostics.records(step);
        try (NDManager batchManager = manager.newSubManager()) {
            long t0 = System.nanoTime();
            NDList batch = train.gather(batchManager, indices);
            NDArray x = batch.get(0);
            NDArray y = batch.get(1);
            long t1 = System.nanoTime();
            NDList outputs;
            NDArray logits;
            NDArray batchLoss;
            long t2;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                outputs = record ? everyOutput(x) : trainer.forward(new NDList(x));
                logits = record ? outputs.get(outputs.size() - 1) : outputs.singletonOrThrow();
                batchLoss = loss.evaluate(new NDList(y), new NDList(logits));
                t2 = System.nanoTime();
                collector.backward(batchLoss);
            }
            long t3 = System.nanoTime();
            if (record) {
                diagnostics.record(
                        batchManager,
                        (SequentialBlock) model.getBlock(),
                        layout,
                        config.network().activation(),
                        outputs,
                        trainer::step,
                        step,
                        epoch);
            } else {
                trainer.step();
            }
            BatchResult result =
                    new BatchResult(batchLoss.getFloat(), Inference.correct(logits, y));
            long t4 = System.nanoTime();
            if (phases != null) {
                phases[0] = t1 - t0;
                phases[1] = t2 - t1;
                phases[2] = t3 - t2;
                phases[3] = t4 - t3;
            }
            return result;
        }
    }

    /**
     * The training forward pass of {@code x}, returning every child's output (the logits last): the
     * same computation as {@code trainer.forward}, which {@code SequentialBlock} runs child by
     * child either way.
     */
    private NDList everyOutput(NDArray x) {
        SequentialBlock net = (SequentialBlock) model.getBlock();
        net.setReturnIntermediate(true);
        try {
            return trainer.forward(new NDList(x));
        } finally {
            net.setReturnIntermediate(false);
        }
    }

    private double accuracy(NativeSplit split) {
        int batches = config.batchesPerEpoch(split.size());
        long[] correct = {0};
        Inference.forEachBatch(
                manager,
                split,
                config.batchSize(),
                batches,
                batch ->
                        correct[0] +=
                                Inference.correct(Inference.logits(model, batch), batch.labels()));
        long seen = Math.min((long) batches * config.batchSize(), split.size());
        return (double) correct[0] / seen;
    }

    /** A permutation of 0..n-1 that depends only on the seed and the epoch. */
    public static long[] shuffledIndices(int n, long seed, int epoch) {
        Random random = new Random(seed * 1_000_003L + epoch);
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    @Override
    public void close() {
        manager.close();
        trainer.close();
    }

    private record BatchResult(double loss, long correct) {}
}
