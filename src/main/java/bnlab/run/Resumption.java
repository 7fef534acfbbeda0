package bnlab.run;

import ai.djl.Model;
import bnlab.train.ClassifierTrainer;
import bnlab.train.EpochMetrics;
import bnlab.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A saved run to train on: its settings (only the number of epochs may change, to train more), its
 * last checkpoint and its metrics so far, which the epochs trained now extend.
 */
public final class Resumption {

    private final SavedRun run;
    private final TrainingConfig config;

    private Resumption(SavedRun run, TrainingConfig config) {
        this.run = run;
        this.config = config;
    }

    /**
     * The run's settings from {@code config.json}, training up to {@code epochs} with this
     * machine's {@code threads}.
     *
     * @param epochs the total to reach, above {@link SavedRun#lastEpoch()} to train at all
     * @throws SavedRunException if {@code config.json} lacks a setting or holds an invalid one
     */
    public static Resumption of(SavedRun run, int epochs, int threads) {
        TrainingConfig saved = run.trainingConfig(threads);
        return new Resumption(
                run,
                new TrainingConfig(
                        saved.network(),
                        epochs,
                        saved.batchSize(),
                        saved.learningRate(),
                        saved.optimizer(),
                        saved.seed(),
                        saved.limitBatches(),
                        saved.threads()));
    }

    /** The settings to train with. */
    public TrainingConfig config() {
        return config;
    }

    /** The saved run. */
    public SavedRun run() {
        return run;
    }

    /** The metrics of the completed epochs, to which the new ones are appended. */
    List<EpochMetrics> history() {
        return new ArrayList<>(run.metrics());
    }

    /**
     * The last checkpoint, in a model for {@link ClassifierTrainer} (which keeps loaded weights).
     */
    public Model loadModel() {
        return run.loadModel();
    }

    /**
     * Restores the optimizer's state saved with the last checkpoint, so that training goes on as if
     * never interrupted.
     *
     * @return a one-line warning if the checkpoint holds no optimizer state although the optimizer
     *     keeps some (a run saved before bnlab wrote it, or a folded run): the optimizer then
     *     starts afresh
     * @throws SavedRunException naming the file if it cannot be read or is not this run's optimizer
     *     state
     */
    Optional<String> restoreOptimizer(ClassifierTrainer trainer) {
        Path file = run.optimizerFile(run.lastEpoch());
        if (!Files.exists(file)) {
            if (!config.optimizer().keepsState()) {
                return Optional.empty();
            }
            return Optional.of(
                    file
                            + " is missing (a checkpoint saved without optimizer state): "
                            + config.optimizer()
                            + " starts afresh, so this run will differ from an uninterrupted one");
        }
        try {
            trainer.restoreOptimizerState(Files.readAllBytes(file));
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            throw new SavedRunException(
                    file + ": not the optimizer state of this run (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Measures test accuracy before training on and compares it with the checkpoint's: fresh
     * weights would score about 0.1, so a match shows the parameters and moving statistics were
     * restored.
     *
     * @return a line saying so
     * @throws IllegalStateException if they differ by more than thread-count rounding explains
     */
    String checkRestored(ClassifierTrainer trainer) {
        double now = trainer.testAccuracy();
        double saved = run.metrics().get(run.metrics().size() - 1).testAccuracy();
        String line =
                String.format(
                        Locale.ROOT,
                        "resumed %s after epoch %d: test acc %.3f" + " (checkpoint %.3f)",
                        run.directory(),
                        run.lastEpoch(),
                        now,
                        saved);
        if (Math.abs(now - saved) > 0.005) {
            throw new IllegalStateException(line + ": the checkpoint was not restored");
        }
        return line;
    }
}
