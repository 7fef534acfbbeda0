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
 * write the checkpoint.
 */
final class TrainingLoop {

    private TrainingLoop() {}

    /**
     * Trains the block of {@code model} up to {@code config.epochs()} epochs, checkpointing each
     * into {@code run}: from scratch (block set, not initialised), or after the epochs of a
     * resumed run (parameters loaded; initialising the trainer keeps them, since
     * {@code Parameter.initialize} skips parameters that already hold an array).
     *
     * @param linePrefix printed before each epoch line ({@code ""} for none)
     * @param resumed the run being continued, or {@code null} for a new run
     * @return the metrics of every epoch, earlier ones of a resumed run included
     */
    static List<EpochMetrics> run(
            Model model,
            TrainingConfig config,
            FashionMnist data,
            RunDirectory run,
            PrintWriter out,
            String linePrefix,
            Resumption resumed)
            throws IOException {
        Map<String, Object> settings = new LinkedHashMap<>();
        if (resumed != null) {
            settings.putAll(resumed.run().settings()); // keeps options recorded by earlier versions
        }
        settings.putAll(settings(config, data));
        List<EpochMetrics> history = resumed == null ? new ArrayList<>() : resumed.history();
        try (ClassifierTrainer trainer =
                new ClassifierTrainer(model, config, data.train(), data.test())) {
            if (resumed != null) {
                resumed.checkRestored(trainer, out);
            }
            for (int epoch = history.size() + 1; epoch <= config.epochs(); epoch++) {
                EpochMetrics metrics;
                try (ProgressBarListener progress = ProgressBarListener.forEpoch(epoch)) {
                    metrics = trainer.trainEpoch(epoch, progress);
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
