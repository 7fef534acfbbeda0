package bnlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether standard error is a terminal. Java does not say ({@code System.console()} is about stdin
 * and stdout), and a progress bar drawn with carriage returns into a redirected stderr fills the
 * log with frames. Linux tells through {@code /proc/self/fd/2}, a link to the terminal device
 * ({@code /dev/pts/N}, {@code /dev/ttyN}) or to a file or pipe.
 */
final class Terminal {

    private static final Path STDERR = Path.of("/proc/self/fd/2");

    private Terminal() {}

    /** Whether a progress bar may be drawn on stderr. */
    static boolean stderrIsTerminal() {
        return isTerminal(STDERR, System.getenv("TERM"));
    }

    /**
     * Whether the file descriptor behind {@code fdLink} is a terminal that can redraw a line: not
     * if {@code term} is {@code dumb} (editors' shells, which print every frame), and not if the
     * link cannot be read (no {@code /proc}: no bar rather than frames in a log).
     */
    static boolean isTerminal(Path fdLink, String term) {
        if ("dumb".equals(term)) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(fdLink).toString();
            return target.startsWith("/dev/pts/")
                    || target.matches("/dev/tty[A-Za-z]*\\d*")
                    || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
