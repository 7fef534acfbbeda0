package bnlab.study;

import java.io.IOException;

/**
 * A chart a study draws beyond the standard ones (see {@link StudyOutputs}), e.g. accuracy against
 * the learning rate.
 */
@FunctionalInterface
public interface ChartMaker {

    /** The chart of {@code results}, rendered. */
    StudyChart make(StudyResults results) throws IOException;
}
