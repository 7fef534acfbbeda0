/**
 * Measuring speed and memory: timed training and inference steps ({@link bnlab.bench.Benchmark}),
 * per-operator profiles ({@link bnlab.bench.OpProfile}), process memory and the tables printed from
 * them ({@link bnlab.bench.BenchTables}, as {@link bnlab.report.TextTable}s). Figures are medians
 * after warm-up.
 */
package bnlab.bench;
