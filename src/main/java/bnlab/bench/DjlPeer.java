package bnlab.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.metric.Metrics;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import bnlab.data.Split;
import bnlab.model.LeNet;
import bnlab.train.TrainingConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Iterator;

/**
 * bnlab's second benchmark peer: the same network and batches trained the way a d2l-java reader
 * writes it with DJL's standard API. A {@link DefaultTrainingConfig} with softmax cross-entropy,
 * Adam and an accuracy evaluator, DJL's basic listeners and a {@link Metrics} (as d2l-java's
 * training helper attaches), a {@link Trainer}, and per step {@link EasyTrain#trainBatch} and
 * {@link Trainer#step} on batches of an {@link ArrayDataset} built from the split.
 *
 * <p>The dataset holds the split as float32 in [0, 1]; its sampler yields bnlab's shuffle of epoch
 * 1 ({@code order}), so both see the same batches. DJL's listener that prints a progress bar is
 * left out: it writes to the console every batch.
 */
public final class DjlPeer implements AutoCloseable {

    private final Trainer trainer;
    private final NDManager manager;
    private final ArrayDataset dataset;
    private Iterator<Batch> batches;

    /**
     * A trainer for {@code model} (its block set, not initialised) with {@code config}'s batch
     * size, learning rate and seed, over the training split in the order {@code order}.
     */
    public DjlPeer(Model model, TrainingConfig config, Split train, long[] order) {
        Engine.getInstance().setRandomSeed((int) config.seed());
        Optimizer adam =
                Optimizer.adam()
                        .optLearningRateTracker(Tracker.fixed(config.learningRate()))
                        .build();
        DefaultTrainingConfig djlConfig =
                new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                        .optOptimizer(adam)
                        .addEvaluator(new Accuracy())
                        .addTrainingListeners(TrainingListener.Defaults.basic());
        this.trainer = model.newTrainer(djlConfig);
        trainer.setMetrics(new Metrics());
        trainer.initialize(LeNet.inputShape(config.batchSize()));
        this.manager = model.getNDManager().newSubManager();
        int n = train.count();
        NDArray bytes =
                manager.create(
                        ByteBuffer.wrap(train.pixels()), LeNet.inputShape(n), DataType.UINT8);
        NDArray images = bytes.toType(DataType.FLOAT32, false).divi(255f);
        bytes.close();
        NDArray labels =
                manager.create(ByteBuffer.wrap(train.labels()), new Shape(n), DataType.UINT8)
                        .toType(DataType.INT64, false);
        this.dataset =
                new ArrayDataset.Builder()
                        .setData(images)
                        .optLabels(labels)
                        .setSampling(
                                new BatchSampler(
                                        d -> Arrays.stream(order).boxed().iterator(),
                                        config.batchSize(),
                                        true))
                        .build();
    }

    /**
     * One training step as {@link EasyTrain#fit} runs it, timed phase by phase: the next batch of
     * the dataset (a new pass once one ends), {@code trainBatch} (forward, loss, backward, then the
     * listeners: evaluators and metrics), {@code step} (the optimizer) and closing the batch.
     *
     * @return nanoseconds of the data, train-batch and step phases
     */
    public long[] timedStep() {
        long t0 = System.nanoTime();
        if (batches == null || !batches.hasNext()) {
            try {
                batches = trainer.iterateDataset(dataset).iterator();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (TranslateException e) {
                throw new IllegalStateException(e);
            }
        }
        Batch batch = batches.next();
        long t1 = System.nanoTime();
        EasyTrain.trainBatch(trainer, batch);
        long t2 = System.nanoTime();
        trainer.step();
        batch.close();
        long t3 = System.nanoTime();
        return new long[] {t1 - t0, t2 - t1, t3 - t2};
    }

    @Override
    public void close() {
        manager.close();
        trainer.close();
    }
}
