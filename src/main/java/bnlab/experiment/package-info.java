/**
 * Experiments beyond the chapter: the batch-norm paper's Figure 1 ({@link
 * bnlab.experiment.Figure1Experiment}) and the learning-rate sweep ({@link
 * bnlab.experiment.LrSweep}), with their charts (bands over seeds use {@code study}'s {@link
 * bnlab.study.Interval}, Figure 1's percentiles {@code bench}'s {@link bnlab.bench.Stats}). Uses
 * {@code train}, {@code run}, {@code model}, {@code nn}, {@code data}, {@code report} and {@code
 * errors} besides.
 */
package bnlab.experiment;
