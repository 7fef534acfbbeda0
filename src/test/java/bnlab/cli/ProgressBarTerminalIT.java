package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.testing.BnlabProcess;
import bnlab.testing.CommandWords;
import bnlab.testing.RealData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress bar is drawn only when stderr, the stream it is drawn on, is a terminal: decided
 * from what {@code /proc/self/fd/2} links to, and checked on a real pseudo-terminal ({@code
 * script}) with each of stdout and stderr redirected to a file in turn.
 */
@ExtendWith(RealData.class)
class ProgressBarTerminalIT {

    @TempDir Path temp;

    @Test
    void onlyATerminalDeviceCountsAndNotUnderTermDumb() throws Exception {
        assertTrue(Terminal.isTerminal(link("pts", "/dev/pts/3"), "xterm-256color"));
        assertTrue(Terminal.isTerminal(link("tty", "/dev/tty1"), null));
        assertTrue(Terminal.isTerminal(link("serial", "/dev/ttyS0"), "vt100"));
        assertFalse(Terminal.isTerminal(link("log", "/var/log/bnlab.log"), "xterm"));
        assertFalse(Terminal.isTerminal(link("pipe", "pipe:[81234]"), "xterm"));
        assertFalse(Terminal.isTerminal(link("null", "/dev/null"), "xterm"));
        assertFalse(Terminal.isTerminal(link("dumb", "/dev/pts/3"), "dumb"), "TERM=dumb");
        assertFalse(Terminal.isTerminal(temp.resolve("no-such-fd"), "xterm"), "no /proc");
    }

    @Test
    void stderrRedirectedToAFileGetsNoFramesWhileStdoutIsATerminal() throws Exception {
        Path log = temp.resolve("err.txt");
        String onTerminal = onPty(train(temp.resolve("run1")) + " 2>" + log);
        String err = Files.readString(log);
        assertFalse(err.contains("\r"), "no carriage-return frames in the log: " + err);
        assertFalse(err.contains("epoch 1 "), err);
        assertTrue(onTerminal.contains("run saved to"), onTerminal);
    }

    @Test
    void stderrOnATerminalGetsTheBarWhileStdoutIsAFile() throws Exception {
        Path out = temp.resolve("out.txt");
        String onTerminal = onPty(train(temp.resolve("run2")) + " >" + out);
        // a frame starts with a bare \r that returns to the line's start (the pty turns each
        // newline into \r\n, and the bar's clearing writes a \r too: neither is a frame)
        assertTrue(
                Pattern.compile("\repoch 1 +\\d+%").matcher(onTerminal).find(),
                "the bar redraws its line: " + onTerminal);
        String stdout = Files.readString(out);
        assertFalse(stdout.contains("\r"), stdout);
        assertTrue(stdout.contains("run saved to"), stdout);
    }

    /** A shell command line training long enough for the bar to be drawn. */
    private static String train(Path run) {
        return BnlabProcess.javaCommand(
                        CommandWords.of(
                                "train --limit-batches 60 --epochs 1 --threads 1 --output {}", run))
                .stream()
                .map(w -> "'" + w.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
    }

    /** Runs {@code command} with stdin, stdout and stderr on a new pseudo-terminal; its output. */
    private String onPty(String command) throws Exception {
        Path typescript = temp.resolve("pty-" + System.nanoTime() + ".txt");
        Process p =
                new ProcessBuilder(List.of("script", "-qec", command, "/dev/null"))
                        .redirectOutput(typescript.toFile())
                        .redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.PIPE)
                        .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + Files.readString(typescript));
        }
        assertEquals(0, p.exitValue(), Files.readString(typescript));
        return Files.readString(typescript);
    }

    private Path link(String name, String target) throws Exception {
        return Files.createSymbolicLink(temp.resolve(name), Path.of(target));
    }
}
