package bnlab.errors;

/**
 * Checks of numeric settings against their documented ranges, with one message form for all: the
 * option, the accepted range and the value given, e.g. {@code --batch-size must be in 2..4096, got
 * 2147483647}. Ranges are inclusive.
 */
public final class Ranges {

    private Ranges() {}

    /**
     * @return {@code value}
     * @throws IllegalArgumentException naming {@code option} unless {@code min <= value <= max}
     */
    public static long check(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    option + " must be in " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws IllegalArgumentException naming {@code option} unless {@code min <= value <= max}
     */
    public static int check(String option, int value, int min, int max) {
        return (int) check(option, (long) value, min, max);
    }

    /**
     * For a positive real setting such as a learning rate: NaN, infinities, zero and negative
     * values are out of range as well as values above {@code max}.
     *
     * @return {@code value}
     * @throws IllegalArgumentException naming {@code option} unless {@code 0 < value <= max}
     */
    public static float checkPositive(String option, float value, int max) {
        if (!(value > 0 && value <= max)) {
            throw new IllegalArgumentException(
                    option + " must be a number in (0, " + max + "], got " + value);
        }
        return value;
    }
}
