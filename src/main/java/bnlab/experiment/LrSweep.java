package bnlab.experiment;

import ai.djl.Model;
import bnlab.data.Split;
import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.run.RunDirectory;
import bnlab.run.TrainingInterruptedException;
import bnlab.train.ClassifierTrainer;
import bnlab.train.EpochMetrics;
import bnlab.train.OptimizerKind;
import bnlab.train.TrainingConfig;
import bnlab.train.TrainingDivergedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Trains LeNet variants with plain SGD at several learning rates, through {@link ClassifierTrainer}
 * as {@code bnlab train} does, to show how batch norm widens the range of usable learning rates
 * (Ioffe and Szegedy 2015, §3.3).
 */
public final class LrSweep {

    private final Split train;
    private final Split test;

    /** A sweep on the given splits. */
    public LrSweep(Split train, Split test) {
        this.train = train;
        this.test = test;
    }

    /**
     * Trains every variant at every learning rate, learning rate by learning rate.
     *
     * @param base the settings of every run but the variant, learning rate and optimizer (SGD)
     * @param onRow told of each finished run
     * @param stop asked at each batch boundary whether to stop
     * @return one row per run, in the order run
     * @throws TrainingInterruptedException naming the run, epoch and batch, if {@code stop} said so
     */
    public List<LrSweepRow> run(
            TrainingConfig base,
            List<Variant> variants,
            List<Float> learningRates,
            Consumer<LrSweepRow> onRow,
            BooleanSupplier stop) {
        List<LrSweepRow> rows = new ArrayList<>();
        for (float lr : learningRates) {
            for (Variant variant : variants) {
                TrainingConfig config =
                        new TrainingConfig(
                                NetworkConfig.of(variant),
                                base.epochs(),
                                base.batchSize(),
                                lr,
                                OptimizerKind.SGD,
                                base.seed(),
                                base.limitBatches(),
                                base.threads());
                LrSweepRow row = train(variant, config, stop);
                rows.add(row);
                onRow.accept(row);
            }
        }
        return rows;
    }

    private LrSweepRow train(Variant variant, TrainingConfig config, BooleanSupplier stop) {
        long start = System.nanoTime();
        EpochMetrics last = null;
        boolean diverged = false;
        try (Model model = RunDirectory.newLeNetModel(config.network())) {
            try (ClassifierTrainer trainer = new ClassifierTrainer(model, config, train, test)) {
                for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                    int current = epoch;
                    last =
                            trainer.trainEpoch(
                                    epoch,
                                    (batch, batches, meanLoss) -> {
                                        if (stop.getAsBoolean()) {
                                            throw new TrainingInterruptedException(
                                                    String.format(
                                                            Locale.ROOT,
                                                            "at lr %s (%s), epoch %d, batch %d",
                                                            config.learningRate(),
                                                            variant.cliName(),
                                                            current,
                                                            batch));
                                        }
                                    });
                }
            } catch (TrainingDivergedException e) {
                diverged = true; // a result of the sweep, not a failure of it
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return last == null
                ? new LrSweepRow(
                        variant,
                        config.learningRate(),
                        0,
                        Double.NaN,
                        Double.NaN,
                        Double.NaN,
                        seconds,
                        diverged)
                : new LrSweepRow(
                        variant,
                        config.learningRate(),
                        last.epoch(),
                        last.loss(),
                        last.trainAccuracy(),
                        last.testAccuracy(),
                        seconds,
                        diverged);
    }
}
