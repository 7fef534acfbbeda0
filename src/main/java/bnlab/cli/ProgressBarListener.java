package bnlab.cli;

import bnlab.run.CheckpointedTraining;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar of an epoch's batches on stderr, shown only when stderr is a terminal. */
final class ProgressBarListener implements CheckpointedTraining.EpochProgress {

    private final int epoch;
    private final boolean shown;
    private ProgressBar bar;

    private ProgressBarListener(int epoch, boolean shown) {
        this.epoch = epoch;
        this.shown = shown;
    }

    /**
     * A listener for {@code epoch}; silent unless stderr itself is a terminal (not when only stdout
     * is, as with {@code 2>log}; nor in CI, pipes, tests).
     */
    static ProgressBarListener forEpoch(int epoch) {
        return new ProgressBarListener(epoch, Terminal.stderrIsTerminal());
    }

    @Override
    public void onBatch(int batch, int batches, double meanLoss) {
        if (!shown) {
            return;
        }
        if (bar == null) {
            bar =
                    new ProgressBarBuilder()
                            .setTaskName("epoch " + epoch)
                            .setInitialMax(batches)
                            .setStyle(ProgressBarStyle.ASCII)
                            .setConsumer(new ConsoleProgressBarConsumer(System.err))
                            .clearDisplayOnFinish()
                            .build();
        }
        bar.stepTo(batch);
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", meanLoss));
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
