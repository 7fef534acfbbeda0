package bnlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import bnlab.bench.ManagedMemory;
import bnlab.model.LeNet;
import bnlab.model.Variant;
import bnlab.testing.ManagerPerTest;
import bnlab.testing.RealData;
import bnlab.train.ClassifierTrainer;
import bnlab.train.NativeSplit;
import bnlab.train.OptimizerKind;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The from-scratch layer inside the chapter's network: a drop-in for DJL's built-in batch norm,
 * inference that does not depend on the rest of the batch, and no growth of memory or gradient
 * history over many steps. Runs on the real Fashion-MNIST training images.
 */
@ExtendWith({RealData.class, ManagerPerTest.class})
class ScratchLeNetTrainingIT {

    private static final int BATCH = 256;
    private static NDManager manager;
    private static NativeSplit train;

    @BeforeAll
    static void loadData(NDManager classManager) {
        manager = classManager;
        train = new NativeSplit(manager, RealData.fashionMnist().train());
    }

    @AfterAll
    static void release() {
        train.close();
    }

    private static Trainer newTrainer(Model model, Variant variant) {
        model.setBlock(
                LeNet.builder()
                        .setVariant(variant)
                        .optScratchBatchNorm(
                                () ->
                                        ScratchBatchNorm.builder()
                                                .optUnbiasedRunningVariance(true)
                                                .build())
                        .build());
        Trainer trainer =
                model.newTrainer(
                        new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                                .optOptimizer(OptimizerKind.ADAM.create(0.001f)));
        trainer.initialize(LeNet.inputShape(BATCH));
        return trainer;
    }

    /** One training step on batch {@code b} of a fixed order; returns the loss. */
    private static float step(Trainer trainer, long[] order, int b) {
        try (NDManager batchManager = manager.newSubManager()) {
            NDList batch =
                    train.gather(
                            batchManager, Arrays.copyOfRange(order, b * BATCH, (b + 1) * BATCH));
            NDArray loss;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(batch.get(0))).singletonOrThrow();
                loss = trainer.getLoss().evaluate(new NDList(batch.get(1)), new NDList(logits));
                collector.backward(loss);
            }
            trainer.step();
            return loss.getFloat();
        }
    }

    @Test
    void scratchTrainsLikeTheBuiltInBatchNormBatchForBatch() {
        long[] order = ClassifierTrainer.shuffledIndices(train.size(), 7, 1);
        // Fixed initial weights: unseeded, every run drew others, and how far the moving
        // variances drift (below) depended on them: a flaky test.
        Engine.getInstance().setRandomSeed(7);
        try (Model scratch = Model.newInstance("scratch");
                Model concise = Model.newInstance("concise");
                Trainer ts = newTrainer(scratch, Variant.SCRATCH);
                Trainer tc = newTrainer(concise, Variant.CONCISE)) {
            // Same starting point: copy every parameter, in order (the layouts match one to one).
            List<Pair<String, Parameter>> from =
                    scratch.getBlock().getParameters().stream().toList();
            List<Pair<String, Parameter>> to = concise.getBlock().getParameters().stream().toList();
            assertEquals(from.size(), to.size());
            for (int i = 0; i < from.size(); i++) {
                NDArray target = to.get(i).getValue().getArray();
                assertEquals(
                        target.getShape(),
                        from.get(i).getValue().getArray().getShape(),
                        to.get(i).getKey());
                target.set(new NDIndex(":"), from.get(i).getValue().getArray());
            }
            for (int b = 0; b < 50; b++) {
                float ls = step(ts, order, b);
                float lc = step(tc, order, b);
                assertEquals(lc, ls, 1e-4, "loss of batch " + b);
            }
            // The moving variances agree too (DJL's PyTorch engine stores the unbiased variance),
            // within 1e-3: rounding differences, which Adam turns into full-size steps, leave
            // them up to 2.1e-4 apart after 50 steps (variances up to 0.34, seed 7); 1e-4 failed
            // for some initial weights.
            // Moving means are not compared: the bias of a conv or linear layer in front of batch
            // norm gets only rounding noise as gradient, which Adam scales to full-size steps, so
            // those biases, and with them the means, drift apart without changing the loss.
            for (int i = 0; i < from.size(); i++) {
                String name = to.get(i).getKey();
                if (name.endsWith("runningVar")) {
                    double diff =
                            from.get(i)
                                    .getValue()
                                    .getArray()
                                    .sub(to.get(i).getValue().getArray())
                                    .abs()
                                    .max()
                                    .getFloat();
                    assertTrue(diff < 1e-3, name + " differs by " + diff);
                }
            }
        }
    }

    @Test
    void inferenceOfOneExampleDoesNotDependOnTheRestOfTheBatch() {
        long[] order = ClassifierTrainer.shuffledIndices(train.size(), 11, 1);
        try (Model model = Model.newInstance("scratch");
                Trainer trainer = newTrainer(model, Variant.SCRATCH)) {
            for (int b = 0; b < 20; b++) {
                step(trainer, order, b); // moving statistics away from their initial 0 and 1
            }
            try (NDManager batchManager = manager.newSubManager()) {
                NDArray x = train.slice(batchManager, 0, BATCH).get(0);
                NDArray all = trainer.evaluate(new NDList(x)).singletonOrThrow();
                for (int i : new int[] {0, 17, 255}) {
                    NDArray one =
                            trainer.evaluate(new NDList(x.get(i + ":" + (i + 1))))
                                    .singletonOrThrow();
                    double diff = one.sub(all.get(i + ":" + (i + 1))).abs().max().getFloat();
                    assertTrue(diff < 1e-5, "example " + i + ": batch of 1 differs by " + diff);
                }
            }
        }
    }

    @Test
    void movingStatisticsKeepNoGradientHistoryAndMemoryStaysFlat() {
        long[] order = ClassifierTrainer.shuffledIndices(train.size(), 13, 1);
        try (Model model = Model.newInstance("scratch");
                Trainer trainer = newTrainer(model, Variant.SCRATCH)) {
            NDManager modelManager = model.getNDManager();
            long after10 = 0;
            for (int b = 0; b < 200; b++) {
                step(trainer, order, b);
                if (b == 9) {
                    after10 = ManagedMemory.bytes(modelManager);
                }
            }
            long after200 = ManagedMemory.bytes(modelManager);
            assertEquals(
                    after10,
                    after200,
                    "native bytes held by the model's manager after 10 and 200 steps");
            int checked = 0;
            for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                if (p.getKey().endsWith("runningMean") || p.getKey().endsWith("runningVar")) {
                    assertFalse(p.getValue().requiresGradient(), p.getKey());
                    assertFalse(
                            p.getValue().getArray().hasGradient(), p.getKey() + " has gradient");
                    checked++;
                }
            }
            assertEquals(8, checked);
            Block first = model.getBlock().getChildren().get(1).getValue();
            assertTrue(first instanceof ScratchBatchNorm);
        }
    }
}
