package bnlab.io;

import bnlab.errors.Advice;
import bnlab.errors.AdvisedError;
import java.nio.file.Path;

/**
 * {@link DirectoryClaim#claimNew} found a default output name and every numbered name after it
 * taken; the advice is to name the output directory.
 */
public final class NamesTakenException extends IllegalArgumentException implements AdvisedError {
    private static final long serialVersionUID = 1L;

    private static final Advice NAME_ONE =
            new Advice("; name one with ", DirectoryClaim.OUTPUT_DIRECTORY, "");

    NamesTakenException(Path base, int numbered) {
        super(
                AdvisedError.message(
                        base + " and " + numbered + " numbered names after it exist", NAME_ONE));
    }

    /** To name the output directory. */
    @Override
    public Advice advice() {
        return NAME_ONE;
    }
}
