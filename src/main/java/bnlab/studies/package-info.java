/**
 * The chapter's six exercises and batch norm's pitfalls as studies ({@link bnlab.study.Study}), one
 * class each, listed by {@link bnlab.studies.ChapterStudies}; the studies behind {@code --seeds}
 * ({@link bnlab.studies.NetworkComparison}, {@link bnlab.studies.LrSweepStudy}); and {@link
 * bnlab.studies.LeNetStudyTrainer}, which trains their networks with DJL on Fashion-MNIST. Uses
 * {@code study} (the engine), {@code model} (the networks), {@code train} (the training loop),
 * {@code run} (the model's name), {@code report} (the sweep charts) and {@code data}.
 */
package bnlab.studies;
