/**
 * Experiments beyond the chapter: the batch-norm paper's Figure 1 ({@link
 * bnlab.experiment.Figure1Experiment}) and the learning-rate sweep ({@link
 * bnlab.experiment.LrSweep}), with their charts (bands over seeds use {@code study}'s {@link
 * bnlab.study.Interval}).
 */
package bnlab.experiment;
