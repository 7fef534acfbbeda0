package bnlab.study;

/**
 * Trains one network of a study. The study engine calls it once per (configuration, seed) pair, all
 * in one JVM: an implementation holds the data it trains on, loaded once by its creator, and builds
 * a fresh network for each call.
 */
@FunctionalInterface
public interface NetworkTrainer {

    /**
     * Trains the network {@code request} describes.
     *
     * @return the final figures, the extra measures {@code request.measures()} names, and the
     *     completed epochs; a network whose loss became non-finite is an outcome ({@link
     *     RunOutcome#diverged}), not an exception
     * @throws StudyStoppedException if {@link TrainingRequest#checkStop()} found a stop request
     * @throws Exception if training failed for another reason (the study stops with it)
     */
    RunOutcome train(TrainingRequest request) throws Exception;
}
