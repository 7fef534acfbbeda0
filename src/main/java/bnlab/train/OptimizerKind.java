package bnlab.train;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The optimizers a run can use. */
public enum OptimizerKind {
    /**
     * Adam with PyTorch's defaults (beta1 0.9, beta2 0.999, eps 1e-8), the chapter's choice: a
     * {@link ResumableAdam}, whose moments a checkpoint holds.
     */
    ADAM,
    /** Plain mini-batch SGD without momentum. */
    SGD;

    /** A new optimizer of this kind with a fixed learning rate. */
    public Optimizer create(float learningRate) {
        Tracker lr = Tracker.fixed(learningRate);
        switch (this) {
            case ADAM:
                return ResumableAdam.builder().setLearningRateTracker(lr).build();
            case SGD:
                return Optimizer.sgd().setLearningRateTracker(lr).build();
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * Whether the optimizer carries state from step to step (Adam's moments), which a resumed run
     * needs to continue exactly; plain SGD has none.
     */
    public boolean keepsState() {
        return this == ADAM;
    }

    /** The lower-case command-line name. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a command-line name.
     *
     * @throws IllegalArgumentException naming the bad value and the accepted ones
     */
    public static OptimizerKind parse(String name) {
        for (OptimizerKind k : values()) {
            if (k.cliName().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException(
                "unknown optimizer '" + name + "', expected one of " + names());
    }

    /** The accepted names, comma separated. */
    public static String names() {
        return Arrays.stream(values())
                .map(OptimizerKind::cliName)
                .collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName();
    }
}
