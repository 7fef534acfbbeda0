package bnlab.study;

/** Told of a study's progress, e.g. to print it; every method does nothing by default. */
public interface StudyListener {

    /** Prints nothing. */
    StudyListener NONE = new StudyListener() {};

    /** The output directory already held {@code done} of the {@code total} networks. */
    default void resumed(int done, int total) {}

    /** Network {@code index} (1-based) of {@code total} starts. */
    default void started(StudyConfig config, long seed, int index, int total) {}

    /** Network {@code index} of {@code total} finished and is saved. */
    default void finished(StudyRun run, int index, int total) {}
}
