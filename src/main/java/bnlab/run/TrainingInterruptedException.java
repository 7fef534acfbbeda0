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
        this.kept = kept;
        this.run = run;
    }

    /** The completed epochs the run directory holds: 0 if it was never created. */
    public int kept() {
        return kept;
    }

    /** The run directory. */
    public Path run() {
        return run;
    }
}
