package bnlab.study;

/**
 * How much of a study to run: how many seeds per configuration, how many epochs per network, and
 * optionally how many batches per epoch (for the seconds-long {@code --quick} version).
 *
 * @param seeds networks per configuration, seeded 1 to {@code seeds}
 * @param epochs epochs per network
 * @param limitBatches batches per epoch, or null for the whole training split
 */
public record StudyPlan(int seeds, int epochs, Integer limitBatches) {

    /** Validates the counts. */
    public StudyPlan {
        if (seeds < 1) {
            throw new IllegalArgumentException("seeds must be at least 1, got " + seeds);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (limitBatches != null && limitBatches < 1) {
            throw new IllegalArgumentException(
                    "limitBatches must be at least 1 or absent, got " + limitBatches);
        }
    }

    /** This plan with {@code seeds} and {@code epochs} replaced where given (non-null). */
    public StudyPlan with(Integer seeds, Integer epochs) {
        return new StudyPlan(
                seeds == null ? this.seeds : seeds,
                epochs == null ? this.epochs : epochs,
                limitBatches);
    }
}
