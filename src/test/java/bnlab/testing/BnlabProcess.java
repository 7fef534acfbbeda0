package bnlab.testing;

import bnlab.cli.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A real {@code bnlab} JVM started on the test class path, its output captured in files. */
public final class BnlabProcess {

    public final Process process;
    private final Path out;
    private final Path err;

    private BnlabProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
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
        return Files.readString(out);
    }

    public String err() throws IOException {
        return Files.readString(err);
    }
}
