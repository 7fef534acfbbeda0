/**
 * File writing that never leaves a half-written file behind ({@link bnlab.io.AtomicFiles}), shared
 * by run directories, reports, benchmarks and experiments. Uses only the JDK.
 */
package bnlab.io;
