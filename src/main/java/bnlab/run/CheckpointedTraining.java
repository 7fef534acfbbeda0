package bnlab.run;

import ai.djl.Model;
import bnlab.data.FashionMnist;
import bnlab.train.BatchListener;
import bnlab.train.ClassifierTrainer;
import bnlab.train.DiagnosticsRecorder;
import bnlab.train.EpochMetrics;
import bnlab.train.TrainingConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The epoch loop that {@code train} and {@code compare} share: train an epoch, tell the caller,
 * write the checkpoint (parameters and optimizer state). It stops at the next batch boundary when
 * the caller asks, keeping the checkpoints of the completed epochs.
 */
public final class CheckpointedTraining {

    private CheckpointedTraining() {}

    /** What the loop tells its caller as it goes, and asks it between batches. */
    public interface Observer {

        /** A resumed run's checkpoint was found restored; {@code line} says so. */
        void restored(String line);

        /** Something the user should know, in one line, that does not stop training. */
        void warned(String line);

        /**
         * Epoch {@code epoch} begins: what to tell of its batches, closed when it ends or fails.
         */
        EpochProgress epochStarted(int epoch);

        /** An epoch completed; its checkpoint is written next. */
        void epochCompleted(EpochMetrics metrics);

        /** Whether to stop at this batch boundary. */
        boolean stopRequested();
    }

    /** Told of an epoch's batches; closed when the epoch ends, completed or not. */
    public interface EpochProgress extends BatchListener, AutoCloseable {
        @Override
        void close();
    }

    /**
     * Trains the block of {@code model} up to {@code config.epochs()} epochs, checkpointing each
     * into {@code run}: from scratch (block set, not initialised), or after the epochs of a resumed
     * run (parameters loaded; initialising the trainer keeps them, since {@code
     * Parameter.initialize} skips parameters that already hold an array; the optimizer's state is
     * restored from the checkpoint, or the observer is warned that it starts afresh).
     *
     * @param resumed the run being continued, or {@code null} for a new run
     * @param carried what {@code config.json} holds besides the training settings (a fine-tuned
     *     run's origin and batch-norm options), or {@code null}; a resumed run carries its own
     * @param diagnostics records into the run's {@value DiagnosticsCsv#FILE}, rewritten before each
     *     checkpoint; a resumed run's rows of its completed epochs are kept (those of an epoch not
     *     checkpointed are dropped, as the epoch is trained again); {@code null}: none recorded,
     *     the file left as it is
     * @return the metrics of every epoch, earlier ones of a resumed run included
     * @throws TrainingInterruptedException if {@link Observer#stopRequested()} said so
     * @throws IllegalStateException if a resumed run's checkpoint was not restored
     */
    public static List<EpochMetrics> train(
            Model model,
            TrainingConfig config,
            FashionMnist data,
            RunDirectory run,
            Resumption resumed,
            RunConfig carried,
            DiagnosticsRecorder diagnostics,
            Observer observer)
            throws IOException {
        RunConfig settings = RunConfig.forTraining(config, data.directory());
        if (carried != null) {
            settings = settings.over(carried);
        }
        if (resumed != null) {
            settings = settings.over(resumed.run().config());
        }
        List<EpochMetrics> history = resumed == null ? new ArrayList<>() : resumed.history();
        try (ClassifierTrainer trainer =
                new ClassifierTrainer(model, config, data.train(), data.test())) {
            if (resumed != null) {
                resumed.restoreOptimizer(trainer).ifPresent(observer::warned);
                observer.restored(resumed.checkRestored(trainer));
            }
            if (diagnostics != null) {
                int kept = history.size();
                diagnostics.keep(
                        DiagnosticsCsv.read(run.path()).stream()
                                .filter(r -> r.epoch() <= kept)
                                .toList());
                trainer.optDiagnostics(diagnostics);
            }
            for (int epoch = history.size() + 1; epoch <= config.epochs(); epoch++) {
                int current = epoch;
                EpochMetrics metrics;
                try (EpochProgress progress = observer.epochStarted(epoch)) {
                    metrics =
                            trainer.trainEpoch(
                                    epoch,
                                    (batch, batches, meanLoss) -> {
                                        progress.onBatch(batch, batches, meanLoss);
                                        if (observer.stopRequested()) {
                                            throw new TrainingInterruptedException(
                                                    current, batch, history.size(), run.path());
                                        }
                                    });
                }
                history.add(metrics);
                observer.epochCompleted(metrics);
                if (diagnostics != null) {
                    DiagnosticsCsv.write(run.path(), diagnostics.rows());
                }
                run.writeCheckpoint(model, trainer.optimizerState(), settings, history);
            }
        }
        return history;
    }
}
