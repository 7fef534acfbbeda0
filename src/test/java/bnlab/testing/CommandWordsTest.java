package bnlab.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CommandWordsTest {

    @Test
    void splitsAtWhiteSpaceAndKeepsEachValueOneWord() {
        assertArrayEquals(
                new String[] {"fold", "/tmp/a run", "--output", "7"},
                CommandWords.of(" fold {}  --output\t{} ", Path.of("/tmp/a run"), 7));
        assertArrayEquals(new String[0], CommandWords.of(" "));
    }

    @Test
    void everyValueHasItsPlace() {
        assertThrows(IllegalArgumentException.class, () -> CommandWords.of("fold {} {}", "a"));
        assertThrows(IllegalArgumentException.class, () -> CommandWords.of("fold {}", "a", "b"));
    }
}
