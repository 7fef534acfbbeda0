/**
 * The error policy every package shares: {@link bnlab.errors.UserInputError} marks the failures the
 * user caused (bad data, a bad run directory), which the command line reports as bad input; {@link
 * bnlab.errors.SettingException} names a setting as the library names it ({@code batchSize}), which
 * a front end replaces by its own word for it, as it does in the {@link bnlab.errors.Advice} at the
 * end of an {@link bnlab.errors.AdvisedError}'s message; {@link bnlab.errors.Ranges} checks numeric
 * settings against their documented ranges with one message form. Uses nothing else of bnlab.
 */
package bnlab.errors;
