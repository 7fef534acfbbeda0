/**
 * Experiments beyond the chapter: the batch-norm paper's Figure 1 ({@link
 * bnlab.experiment.Figure1Experiment}) and the learning-rate sweep ({@link
 * bnlab.experiment.LrSweep}), with their charts.
 */
package bnlab.experiment;
