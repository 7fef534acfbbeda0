package bnlab.study;

/**
 * Whether the study should stop (e.g. after SIGINT or SIGTERM). The runner asks between networks,
 * and a trainer asks between epochs through {@link TrainingRequest#checkStop()}.
 */
@FunctionalInterface
public interface StopCheck {

    /** Never stops. */
    StopCheck NEVER = () -> false;

    /** Whether a stop was requested. */
    boolean requested();
}
