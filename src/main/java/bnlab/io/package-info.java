/**
 * Output that never leaves a half-written file behind ({@link bnlab.io.AtomicFiles}), one process
 * per output directory ({@link bnlab.io.DirectoryClaim}) and output paths checked before any work
 * ({@link bnlab.io.OutputFiles}), shared by run directories, reports, benchmarks and experiments.
 * Uses only the JDK and {@code bnlab.errors} (a directory in use is the user's to fix).
 */
package bnlab.io;
