package bnlab.cli;

import ai.djl.Model;
import bnlab.data.FashionMnist;
import bnlab.run.CheckpointedTraining;
import bnlab.run.Resumption;
import bnlab.run.RunConfig;
import bnlab.run.RunDirectory;
import bnlab.run.TrainingInterruptedException;
import bnlab.train.DiagnosticsRecorder;
import bnlab.train.EpochMetrics;
import bnlab.train.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@link CheckpointedTraining} on the console, as {@code train} and {@code compare} run it: a
 * progress bar per epoch, the chapter's epoch lines, and a stop at the next batch boundary once
 * {@link ShutdownStop} says so (the command reports what was kept).
 */
final class ConsoleTraining {

    private ConsoleTraining() {}

    /**
     * Trains and checkpoints as {@link CheckpointedTraining#train} does, printing as it goes.
     *
     * @param err where warnings are reported
     * @param linePrefix printed before each epoch line ({@code ""} for none)
     * @param resumed the run being continued, or {@code null} for a new run
     * @param carried what {@code config.json} holds besides the settings, or {@code null} (see
     *     {@link CheckpointedTraining#train})
     * @param diagnostics what to record into the run, or {@code null} for nothing
     * @param stop asked at each batch boundary
     * @throws TrainingInterruptedException if {@code stop} was requested (not yet reported)
     */
    static List<EpochMetrics> run(
            Model model,
            TrainingConfig config,
            FashionMnist data,
            RunDirectory run,
            PrintWriter out,
            PrintWriter err,
            String linePrefix,
            Resumption resumed,
            RunConfig carried,
            DiagnosticsRecorder diagnostics,
            ShutdownStop stop)
            throws IOException {
        return CheckpointedTraining.train(
                model,
                config,
                data,
                run,
                resumed,
                carried,
                diagnostics,
                new CheckpointedTraining.Observer() {
                    @Override
                    public void restored(String line) {
                        out.println(line);
                        out.flush();
                    }

                    @Override
                    public void warned(String line) {
                        err.println("bnlab: warning: " + line);
                        err.flush();
                    }

                    @Override
                    public CheckpointedTraining.EpochProgress epochStarted(int epoch) {
                        return ProgressBarListener.forEpoch(epoch);
                    }

                    @Override
                    public void epochCompleted(EpochMetrics metrics) {
                        out.println(linePrefix + metrics.logLine());
                        out.flush();
                    }

                    @Override
                    public boolean stopRequested() {
                        return stop.requested();
                    }
                });
    }
}
