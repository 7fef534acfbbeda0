package bnlab.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of a {@code bnlab} command line written as it would be typed ({@code "fold {} --output
 * {}"}), its paths and other values passed apart so that a value holding a space stays one word.
 */
public final class CommandWords {

    /** The word of a command line that stands for the next value. */
    public static final String VALUE = "{}";

    private CommandWords() {}

    /**
     * The words of {@code commandLine} split at white space, each word {@value #VALUE} replaced by
     * the next of {@code values} (by its {@code toString()}); every value must be used.
     */
    public static String[] of(String commandLine, Object... values) {
        List<String> words = new ArrayList<>();
        int used = 0;
        for (String word : commandLine.strip().split("\\s+")) {
            if (word.isEmpty()) { // a blank line has no words
                continue;
            }
            if (word.equals(VALUE)) {
                if (used == values.length) {
                    throw new IllegalArgumentException(
                            "more " + VALUE + " than values in '" + commandLine + "'");
                }
                words.add(String.valueOf(values[used++]));
            } else {
                words.add(word);
            }
        }
        if (used != values.length) {
            throw new IllegalArgumentException(
                    values.length
                            + " values for "
                            + used
                            + " "
                            + VALUE
                            + " in '"
                            + commandLine
                            + "'");
        }
        return words.toArray(String[]::new);
    }
}
