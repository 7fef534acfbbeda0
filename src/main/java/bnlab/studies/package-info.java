/**
 * The chapter's six exercises as studies ({@link bnlab.study.Study}), one class each, listed by
 * {@link bnlab.studies.ChapterStudies}, and {@link bnlab.studies.LeNetStudyTrainer}, which trains
 * their networks with DJL on Fashion-MNIST. Uses {@code study} (the engine), {@code model} (the
 * networks), {@code train} (the training loop), {@code run} (the model's name) and {@code data}.
 */
package bnlab.studies;
