package bnlab.cli;

import ai.djl.Model;
import bnlab.data.FashionMnist;
import bnlab.train.ClassifierTrainer;
import bnlab.train.EpochMetrics;
import bnlab.train.RunDirectory;
import bnlab.train.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The epoch loop that {@code train} and {@code compare} share: train an epoch, print its line,
 * write the checkpoint. On SIGINT or SIGTERM it stops at the next batch boundary (see {@link
 * ShutdownStop}), keeping the checkpoints of the completed epochs.
 */
final class TrainingLoop {

    private TrainingLoop() {}

    /**
     * Trains the block of {@code model} up to {@code config.epochs()} epochs, checkpointing each
     * into {@code run}: from scratch (block set, not initialised), or after the epochs of a resumed
     * run (parameters loaded; initialising the trainer keeps them, since {@code
     * Parameter.initialize} skips parameters that already hold an array).
     *
     * @param err where an interruption is reported
     * @param linePrefix printed before each epoch line ({@code ""} for none)
     * @param resumed the run being continued, or {@code null} for a new run
     * @return the metrics of every epoch, earlier ones of a resumed run included
     * @throws TrainingInterruptedException if the JVM began shutting down (already reported)
     */
    static List<EpochMetrics> run(
            Model model,
            TrainingConfig config,
            FashionMnist data,
            RunDirectory run,
            PrintWriter out,
            PrintWriter err,
            String linePrefix,
            Resumption resumed)
            throws IOException {
        Map<String, Object> settings = new LinkedHashMap<>();
        if (resumed != null) {
            settings.putAll(resumed.run().settings()); // keeps options recorded by earlier versions
        }
        settings.putAll(settings(config, data));
        List<EpochMetrics> history = resumed == null ? new ArrayList<>() : resumed.history();
        try (ShutdownStop stop = ShutdownStop.install();
                ClassifierTrainer trainer =
                        new ClassifierTrainer(model, config, data.train(), data.test())) {
            if (resumed != null) {
                resumed.checkRestored(trainer, out);
            }
            for (int epoch = history.size() + 1; epoch <= config.epochs(); epoch++) {
                int current = epoch;
                EpochMetrics metrics;
                try (ProgressBarListener progress = ProgressBarListener.forEpoch(epoch)) {
                    metrics =
                            trainer.trainEpoch(
                                    epoch,
                                    (batch, batches, meanLoss) -> {
                                        progress.onBatch(batch, batches, meanLoss);
                                        if (stop.requested()) {
                                            throw new TrainingInterruptedException(
                                                    current, batch, history.size(), run.path());
                                        }
                                    });
                } catch (TrainingInterruptedException e) {
                    // Report before the JVM is let go: once released, it may exit at any moment.
                    err.println("bnlab: " + e.getMessage());
                    err.flush();
                    stop.release();
                    throw e;
                }
                history.add(metrics);
                out.println(linePrefix + metrics.logLine());
                out.flush();
                run.writeCheckpoint(model, settings, history);
            }
        }
        return history;
    }

    /** What {@code config.json} holds: every setting, the data directory and the versions. */
    private static Map<String, Object> settings(TrainingConfig config, FashionMnist data) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("variant", config.variant().cliName());
        settings.put("epochs", config.epochs());
        settings.put("batchSize", config.batchSize());
        settings.put("learningRate", config.learningRate());
        settings.put("optimizer", config.optimizer().cliName());
        settings.put("seed", config.seed());
        settings.put("limitBatches", config.limitBatches());
        settings.put("threads", config.threads());
        settings.put("dataDir", data.directory().toAbsolutePath().toString());
        settings.put("versions", Versions.all());
        return settings;
    }
}
