/**
 * The lab's experiment engine: a {@link bnlab.study.Study} (a question, its configurations, seeds
 * and epochs) trained by a {@link bnlab.study.StudyRunner} through a {@link
 * bnlab.study.NetworkTrainer}, resumable, summarized as means with 95% intervals ({@link
 * bnlab.study.Interval}) and answered only as far as the intervals allow ({@link
 * bnlab.study.Comparisons}). Uses {@code report} for charts, {@code io} for atomic files, {@code
 * train} for the epoch metrics and {@code errors}.
 */
package bnlab.study;
