package bnlab.errors;

/**
 * Marks an exception the user caused and can fix, such as bad input data or an unusable run
 * directory, as opposed to a failure of bnlab or of what it runs on. Its message is one line naming
 * the file or setting and what is wrong with it, printed as-is; the command line exits with 2 (bad
 * input) for it instead of 1.
 *
 * <p>An interface rather than a base class so that each exception keeps the family it belongs to
 * ({@code DataFormatException} is a {@code DataException}, a bad run directory an {@link
 * IllegalArgumentException}).
 */
public interface UserInputError {}
