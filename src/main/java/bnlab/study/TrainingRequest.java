package bnlab.study;

import java.util.List;

/**
 * One network for a {@link NetworkTrainer} to train.
 *
 * @param config the configuration (its settings say which network and optimizer)
 * @param seed the seed of weight initialisation and shuffling
 * @param epochs how many epochs to train
 * @param limitBatches batches per epoch, or null for the whole training split
 * @param measures the extra measures the outcome must hold, by name
 * @param stop asked between epochs (see {@link #checkStop()})
 */
public record TrainingRequest(
        StudyConfig config,
        long seed,
        int epochs,
        Integer limitBatches,
        List<String> measures,
        StopCheck stop) {

    /** Validates the fields. */
    public TrainingRequest {
        if (config == null || measures == null || stop == null || epochs < 1) {
            throw new IllegalArgumentException(
                    "config, measures and stop are required and epochs at least 1");
        }
        measures = List.copyOf(measures);
    }

    /**
     * Throws {@link StudyStoppedException} if a stop was requested; a trainer calls it between
     * epochs so that a stop does not wait for the whole network.
     */
    public void checkStop() {
        if (stop.requested()) {
            throw new StudyStoppedException(
                    "stopped while training " + config.name() + " with seed " + seed, null);
        }
    }
}
