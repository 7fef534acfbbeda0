package bnlab.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import bnlab.testing.RealData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What docs/testing.md promises of every {@code *IT} class: it is marked
 * {@code @ExtendWith(RealData.class)}, so that without the data it fails with how to install them
 * instead of, say, downloading them or failing somewhere inside a command.
 */
class IntegrationTestsTest {

    private static final Path TESTS = Path.of("src/test/java");

    @Test
    void everyIntegrationTestChecksForTheRealData() throws IOException {
        List<String> names;
        try (Stream<Path> files = Files.walk(TESTS)) {
            names =
                    files.map(p -> TESTS.relativize(p).toString())
                            .filter(p -> p.endsWith("IT.java"))
                            .map(p -> p.replace('/', '.').replaceFirst("\\.java$", ""))
                            .sorted()
                            .toList();
        }
        assertFalse(names.isEmpty(), "no *IT class under " + TESTS.toAbsolutePath());
        List<String> unmarked = names.stream().filter(name -> !checksRealData(name)).toList();
        assertEquals(List.of(), unmarked, "not marked @ExtendWith(RealData.class)");
    }

    private static boolean checksRealData(String className) {
        ExtendWith extendWith;
        try {
            extendWith = Class.forName(className).getAnnotation(ExtendWith.class);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(className + " is not compiled", e);
        }
        return extendWith != null && Arrays.asList(extendWith.value()).contains(RealData.class);
    }
}
