package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark command's output, on a few steps (its figures are measured elsewhere, not here).
 */
class BenchCommandTest {

    @TempDir Path temp;

    @Test
    void printsARowPerVariantAndWritesTheSameFiguresAsJson() throws Exception {
        Path json = temp.resolve("bench.json");
        CommandRunner r =
                CommandRunner.run(
                        "bench",
                        "--variant",
                        "scratch",
                        "--warmup",
                        "1",
                        "--steps",
                        "3",
                        "--batch-size",
                        "32",
                        "--json",
                        json.toString());
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("batch 32, 1 warm-up + 3 timed steps"), r.out);
        assertTrue(r.out.lines().anyMatch(l -> l.startsWith("scratch ")), r.out);
        // the settings of this JVM's environment, as the launcher would have set them or not
        String malloc = expectedMallocSettings();
        assertTrue(r.out.lines().anyMatch(l -> l.equals("malloc: " + malloc)), r.out);
        JsonObject doc = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        JsonArray results = doc.getAsJsonArray("results");
        assertEquals(1, results.size());
        JsonObject scratch = results.get(0).getAsJsonObject();
        assertEquals("SCRATCH", scratch.get("variant").getAsString());
        double step = scratch.get("stepMedianMs").getAsDouble();
        double phases =
                scratch.get("dataMedianMs").getAsDouble()
                        + scratch.get("forwardMedianMs").getAsDouble()
                        + scratch.get("backwardMedianMs").getAsDouble()
                        + scratch.get("optimizerMedianMs").getAsDouble();
        assertTrue(step > 0 && phases > 0, scratch.toString());
        assertEquals(32 * 1000.0 / step, scratch.get("trainImagesPerSecond").getAsDouble(), 1e-6);
        assertEquals(malloc, doc.get("malloc").getAsString());
        assertTrue(scratch.get("faultsPerStep").getAsDouble() >= 0, scratch.toString());
        // the two splits alone are 55 MB of held native memory
        assertTrue(scratch.get("heldMiB").getAsDouble() > 50, scratch.toString());
    }

    /** What {@code bench} must report for the environment this test runs in. */
    private static String expectedMallocSettings() {
        String tunables = System.getenv("GLIBC_TUNABLES");
        return tunables == null || tunables.isBlank()
                ? "glibc defaults (GLIBC_TUNABLES unset; ./bnlab sets it)"
                : "GLIBC_TUNABLES=" + tunables;
    }

    @Test
    void mallocSettingsNameTheTunablesOrSayTheyAreUnset() {
        assertEquals(
                "GLIBC_TUNABLES=glibc.malloc.trim_threshold=1",
                BenchCommand.mallocSettings("glibc.malloc.trim_threshold=1"));
        String unset = "glibc defaults (GLIBC_TUNABLES unset; ./bnlab sets it)";
        assertEquals(unset, BenchCommand.mallocSettings(null));
        assertEquals(unset, BenchCommand.mallocSettings(" "));
    }

    @Test
    void inferenceAndProfileAreExclusiveModes() {
        CommandRunner r =
                CommandRunner.run(
                        "bench", "--inference", "--profile", temp.resolve("t.json").toString());
        assertEquals(2, r.exitCode, r.out);
        assertTrue(r.err.contains("--inference, --profile=TRACE are mutually exclusive"), r.err);
        assertEquals(1, r.err.lines().count(), r.err);
    }

    @Test
    void profileWritesTheTraceAndListsTheOperators() throws Exception {
        Path trace = temp.resolve("trace.json");
        CommandRunner r =
                CommandRunner.run(
                        "bench",
                        "--profile",
                        trace.toString(),
                        "--variant",
                        "concise",
                        "--warmup",
                        "1",
                        "--steps",
                        "2",
                        "--batch-size",
                        "32",
                        "--top",
                        "5");
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("bnlab bench --profile: concise"), r.out);
        // the convolutions of every LeNet step are among the five largest operators
        assertTrue(
                r.out.lines().anyMatch(l -> l.startsWith("aten::") && l.contains("convolution")),
                r.out);
        assertEquals(
                5, r.out.lines().filter(l -> l.matches("^\\S+.*%\\s+\\d+\\.\\d$")).count(), r.out);
        assertTrue(Files.readString(trace).contains("aten::max_pool2d_with_indices"));
        try (var files = Files.list(temp)) {
            assertEquals(1, files.count(), "no partial trace left beside it");
        }
    }

    @Test
    void profileIntoAMissingDirectoryIsAUsageErrorBeforeAnyWork() {
        Path missing = temp.resolve("no/such/dir/trace.json");
        CommandRunner r = CommandRunner.run("bench", "--profile", missing.toString());
        assertEquals(2, r.exitCode);
        assertTrue(
                r.err.contains("--profile: directory " + missing.getParent() + " does not exist"),
                r.err);
        CommandRunner directory = CommandRunner.run("bench", "--profile", temp.toString());
        assertEquals(2, directory.exitCode);
        assertTrue(directory.err.contains(temp + " is a directory"), directory.err);
        CommandRunner both =
                CommandRunner.run(
                        "bench",
                        "--profile",
                        temp.resolve("t.json").toString(),
                        "--json",
                        temp.resolve("b.json").toString());
        assertEquals(2, both.exitCode);
        assertTrue(both.err.contains("--profile cannot be combined"), both.err);
    }

    @Test
    void badArgumentsAreUsageErrors() {
        CommandRunner r = CommandRunner.run("bench", "--steps", "0");
        assertEquals(2, r.exitCode);
        assertTrue(r.err.contains("--steps >= 1"), r.err);
        r = CommandRunner.run("bench", "--variant", "fancy");
        assertEquals(2, r.exitCode);
        assertTrue(r.err.contains("unknown variant 'fancy'"), r.err);
    }
}
