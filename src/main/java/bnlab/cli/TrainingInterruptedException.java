package bnlab.cli;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Training stopped at a batch boundary because the JVM is shutting down (SIGINT, SIGTERM). Its
 * message says where, what the run keeps and how to continue; it is printed where the stop happens,
 * before the JVM is let go, so the command's error handler does not print it again.
 */
final class TrainingInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param epoch the epoch being trained (1-based)
     * @param batch the batches of it completed
     * @param kept the completed epochs the run directory holds
     */
    TrainingInterruptedException(int epoch, int batch, int kept, Path run) {
        super(
                String.format(Locale.ROOT, "interrupted at epoch %d, batch %d; ", epoch, batch)
                        + (kept == 0
                                ? "no epoch was completed, so nothing was saved"
                                : "the run keeps epochs 1.."
                                        + kept
                                        + "; continue with: ./bnlab train --resume "
                                        + run));
    }
}
