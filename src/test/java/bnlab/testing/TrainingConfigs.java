package bnlab.testing;

import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.train.OptimizerKind;
import bnlab.train.TrainingConfig;

/** Training settings for tests that train in-process: only the sizes differ from test to test. */
public final class TrainingConfigs {

    private TrainingConfigs() {}

    /**
     * The chapter's optimizer (Adam at its default learning rate) and seed on one thread, for the
     * preset {@code variant}, with the given sizes.
     *
     * @param limitBatches if not null, only the first this many batches of each split per epoch
     */
    public static TrainingConfig chapter(
            Variant variant, int epochs, int batchSize, Integer limitBatches) {
        return new TrainingConfig(
                NetworkConfig.of(variant),
                epochs,
                batchSize,
                TrainingConfig.DEFAULT_LEARNING_RATE,
                OptimizerKind.ADAM,
                TrainingConfig.DEFAULT_SEED,
                limitBatches,
                1);
    }
}
