package bnlab.run;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Training stopped at a batch boundary because its caller asked it to (e.g. the JVM is shutting
 * down on SIGINT or SIGTERM). Its message says where and what the run keeps; the checkpoints of the
 * completed epochs are intact.
 */
public final class TrainingInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;
    private final int kept;
    private final transient Path run;

    /**
     * @param epoch the epoch being trained (1-based)
     * @param batch the batches of it completed
     * @param kept the completed epochs the run directory holds
     * @param run the run directory
     */
    TrainingInterruptedException(int epoch, int batch, int kept, Path run) {
        super(
                String.format(Locale.ROOT, "interrupted at epoch %d, batch %d; ", epoch, batch)
                        + (kept == 0
                                ? "no epoch was completed, so nothing was saved"
                                : "the run keeps epochs 1.." + kept));
        this.epoch = epoch;
        this.batch = batch;
        this.kept = kept;
        this.run = run;
    }

    /**
     * Training outside a run directory (an experiment) stopped at a batch boundary.
     *
     * @param where where it stopped, e.g. {@code "at lr 0.1 (plain), epoch 1, batch 7"}
     */
    public TrainingInterruptedException(String where) {
        super("interrupted " + where);
        this.epoch = 0;
        this.batch = 0;
        this.kept = 0;
        this.run = null;
    }

    /** The epoch being trained when it stopped (1-based); 0 outside a run directory. */
    public int epoch() {
        return epoch;
    }

    /** The batches of that epoch completed; 0 outside a run directory. */
    public int batch() {
        return batch;
    }

    /** The completed epochs the run directory holds: 0 if it was never created. */
    public int kept() {
        return kept;
    }

    /** The run directory, or null outside one. */
    public Path run() {
        return run;
    }
}
