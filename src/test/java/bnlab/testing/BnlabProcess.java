package bnlab.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import bnlab.cli.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real {@code bnlab} JVM started on the test class path, its output captured in files.
 *
 * @param process the JVM
 * @param outFile where its stdout goes
 * @param errFile where its stderr goes
 */
public record BnlabProcess(Process process, Path outFile, Path errFile) {

    /**
     * Starts the command line {@code commandLine} as typed after {@code bnlab}, each word {@value
     * CommandWords#VALUE} standing for the next of {@code values} (see {@link CommandWords#of}).
     * Output goes to files in {@code logs}.
     */
    public static BnlabProcess startLine(Path logs, String commandLine, Object... values)
            throws IOException {
        return start(logs, List.of(), CommandWords.of(commandLine, values));
    }

    /**
     * Starts {@code bnlab args...}, each command word of {@code prefix} (e.g. {@code env ...})
     * first. Output goes to files in {@code logs}.
     */
    public static BnlabProcess start(Path logs, List<String> prefix, String... args)
            throws IOException {
        return startIn(null, logs, prefix, args);
    }

    /** As {@link #start}, in the working directory {@code workDir} (null: this one). */
    public static BnlabProcess startIn(Path workDir, Path logs, List<String> prefix, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(javaCommand(args));
        Files.createDirectories(logs);
        Path out = Files.createTempFile(logs, "out-", ".txt");
        Path err = Files.createTempFile(logs, "err-", ".txt");
        Process p =
                new ProcessBuilder(command)
                        .directory(workDir == null ? null : workDir.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
        return new BnlabProcess(p, out, err);
    }

    /** The words that run {@code bnlab args...} in a new JVM on the test class path. */
    public static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** Waits (at most 60 s) until {@code condition} holds, failing if the process ends first. */
    public void await(BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError(
                        "bnlab ended (" + process.exitValue() + ") first: " + err());
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("timed out; stderr: " + err());
            }
            Thread.sleep(20);
        }
    }

    /**
     * Waits until {@code condition} holds, then sends SIGTERM, asserts that bnlab exits 143 (128 +
     * 15, as a shell reports it) and returns what it printed to stderr, stripped.
     */
    public String terminateWhen(BooleanSupplier condition) throws Exception {
        await(condition);
        return terminate();
    }

    /**
     * Waits until training has begun and sends SIGTERM half a second later: inside the first epoch
     * when that takes seconds (see {@link #terminateWhen}).
     */
    public String terminateInFirstEpoch() throws Exception {
        await(() -> outContains("training on "));
        Thread.sleep(500);
        return terminate();
    }

    /**
     * Waits until {@code condition} holds, then sends SIGINT (a terminal's Ctrl-C), asserts that
     * bnlab exits 130 (128 + 2) and returns what it printed to stderr, stripped. A JVM whose parent
     * ignores SIGINT ignores it too: start it with the prefix {@code env --default-signal=INT}.
     */
    public String interruptWhen(BooleanSupplier condition) throws Exception {
        await(condition);
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
        assertEquals(0, kill.waitFor());
        assertEquals(130, exitCode(), err());
        return err().strip();
    }

    private String terminate() throws Exception {
        process.destroy(); // SIGTERM
        assertEquals(143, exitCode(), err());
        return err().strip();
    }

    /** Waits (at most 60 s) for bnlab to end and asserts that it exited 0 (failing with stderr). */
    public BnlabProcess awaitSuccess() throws Exception {
        assertEquals(0, exitCode(), err());
        return this;
    }

    /** Waits (at most 60 s) for the exit code. */
    public int exitCode() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bnlab did not end");
        }
        return process.exitValue();
    }

    /** Whether stdout holds {@code text} yet (for {@link #await}). */
    public boolean outContains(String text) {
        try {
            return out().contains(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String out() throws IOException {
        return Files.readString(outFile);
    }

    public String err() throws IOException {
        return Files.readString(errFile);
    }
}
