package bnlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.ParameterList;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ResumableAdam} steps exactly as DJL's {@code Adam}, and a model saved with its state after
 * some steps, loaded into a new model and optimizer, goes on exactly as if never stopped.
 */
class ResumableAdamTest {

    private static final Shape INPUT = new Shape(16, 6);
    private static final float LR = 0.01f;

    @TempDir Path temp;
    private NDManager data;
    private NDArray x;
    private NDArray y;
    private final List<Model> models = new ArrayList<>();

    @BeforeEach
    void makeData() {
        data = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(11);
        x = data.randomNormal(INPUT);
        y = data.randomNormal(new Shape(16, 3));
    }

    @AfterEach
    void close() {
        models.forEach(Model::close);
        data.close();
    }

    @Test
    void stepsBitForBitAsDjlsAdam() {
        Trainer djl = trainer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(LR)).build());
        Trainer ours = trainer(resumable());
        assertTrue(sameWeights(djl, ours), "same start");
        steps(djl, 7);
        steps(ours, 7);
        assertTrue(sameWeights(djl, ours));
    }

    @Test
    void aRestoredOptimizerGoesOnAsIfNeverStopped() throws Exception {
        Trainer whole = trainer(resumable());
        steps(whole, 7);

        ResumableAdam first = resumable();
        Trainer stopped = trainer(first);
        steps(stopped, 3);
        byte[] state = first.encodeState(parameters(stopped));
        stopped.getModel().save(temp, "m");

        ResumableAdam second = resumable();
        Trainer resumed = loadedTrainer(second);
        assertTrue(sameWeights(stopped, resumed), "weights loaded");
        second.decodeState(parameters(resumed), resumed.getManager(), state);
        steps(resumed, 4);
        assertTrue(sameWeights(whole, resumed));

        Trainer afresh = loadedTrainer(resumable());
        steps(afresh, 4);
        assertFalse(sameWeights(whole, afresh), "the state matters");
    }

    @Test
    void stateOfAnotherNetworkIsRefusedAndChangesNothing() {
        ResumableAdam adam = resumable();
        Trainer trained = trainer(adam);
        steps(trained, 2);
        byte[] state = adam.encodeState(parameters(trained));
        byte[] before = adam.encodeState(parameters(trained));

        Model other = Model.newInstance("other");
        models.add(other);
        other.setBlock(Linear.builder().setUnits(4).build());
        Trainer wider = other.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()));
        wider.initialize(INPUT);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> adam.decodeState(parameters(wider), wider.getManager(), state));
        assertTrue(e.getMessage().contains("for this network"), e.getMessage());
        assertArrayEquals(before, adam.encodeState(parameters(trained)));
    }

    private static ResumableAdam resumable() {
        return ResumableAdam.builder().setLearningRateTracker(Tracker.fixed(LR)).build();
    }

    /** Linear, batch norm (moving statistics: parameters without gradients), linear. */
    private static SequentialBlock block() {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(5).build())
                .add(BatchNorm.builder().build())
                .add(Linear.builder().setUnits(3).build());
    }

    private Trainer trainer(Optimizer optimizer) {
        Model model = Model.newInstance("m");
        models.add(model);
        model.setBlock(block());
        return initialized(model, optimizer);
    }

    private Trainer loadedTrainer(Optimizer optimizer) throws Exception {
        Model model = Model.newInstance("m");
        models.add(model);
        model.setBlock(block());
        model.load(temp, "m");
        return initialized(model, optimizer);
    }

    private static Trainer initialized(Model model, Optimizer optimizer) {
        Engine.getInstance().setRandomSeed(5);
        Trainer trainer =
                model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer));
        trainer.initialize(INPUT);
        return trainer;
    }

    private void steps(Trainer trainer, int n) {
        for (int i = 0; i < n; i++) {
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray out = trainer.forward(new NDList(x)).singletonOrThrow();
                collector.backward(trainer.getLoss().evaluate(new NDList(y), new NDList(out)));
            }
            trainer.step();
        }
    }

    private static ParameterList parameters(Trainer trainer) {
        return trainer.getModel().getBlock().getParameters();
    }

    /** Every parameter, moving statistics included, holds exactly the same values. */
    private static boolean sameWeights(Trainer a, Trainer b) {
        ParameterList pa = parameters(a);
        ParameterList pb = parameters(b);
        for (int i = 0; i < pa.size(); i++) {
            if (!pa.valueAt(i).getArray().contentEquals(pb.valueAt(i).getArray())) {
                return false;
            }
        }
        return true;
    }
}
