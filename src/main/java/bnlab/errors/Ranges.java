package bnlab.errors;

/**
 * Checks of numeric settings against their documented ranges, with one message form for all: the
 * setting, the accepted range and the value given, e.g. {@code batchSize must be in 2..4096, got
 * 2147483647} ({@link SettingException}, whose setting a command line replaces by its option).
 * Ranges are inclusive.
 */
public final class Ranges {

    private Ranges() {}

    /**
     * @return {@code value}
     * @throws SettingException naming {@code setting} unless {@code min <= value <= max}
     */
    public static long check(String setting, long value, long min, long max) {
        if (value < min || value > max) {
            throw new SettingException(
                    setting, "must be in " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    /**
     * @return {@code value}
     * @throws SettingException naming {@code setting} unless {@code min <= value <= max}
     */
    public static int check(String setting, int value, int min, int max) {
        return (int) check(setting, (long) value, min, max);
    }

    /**
     * For a positive real setting such as a learning rate: NaN, infinities, zero and negative
     * values are out of range as well as values above {@code max}.
     *
     * @return {@code value}
     * @throws SettingException naming {@code setting} unless {@code 0 < value <= max}
     */
    public static float checkPositive(String setting, float value, int max) {
        if (!(value > 0 && value <= max)) {
            throw new SettingException(
                    setting, "must be a number in (0, " + max + "], got " + value);
        }
        return value;
    }
}
