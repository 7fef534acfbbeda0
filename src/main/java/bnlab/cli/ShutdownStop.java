package bnlab.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stops a command that trains at a batch boundary on SIGINT or SIGTERM. For as long as it is
 * installed, a JVM shutdown hook asks the training thread to stop and waits (at most {@link
 * #GRACE_SECONDS}) until that thread has reached the next batch boundary and said where it stopped;
 * only then does the JVM finish exiting, with 128 + the signal's number (130, 143) as Java does for
 * these signals. Checkpoints are written between batches, so none is cut off half-way.
 */
final class ShutdownStop implements AutoCloseable {

    /** How long the JVM waits for the training thread: a batch takes well under a second. */
    static final long GRACE_SECONDS = 30;

    private final Thread hook = new Thread(this::stopAndWait, "bnlab-shutdown-stop");
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean requested;

    private ShutdownStop() {}

    /** Installs the hook; {@link #close()} removes it. */
    static ShutdownStop install() {
        ShutdownStop stop = new ShutdownStop();
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** Whether the JVM is shutting down and training should stop at this batch boundary. */
    boolean requested() {
        return requested;
    }

    /**
     * Prints {@code bnlab: message} (where the command stopped, what it kept, how to continue) and
     * lets the JVM finish exiting: once released, it may exit at any moment, so everything the
     * command must do before it ends comes first.
     */
    void stopped(PrintWriter err, String message) {
        err.println("bnlab: " + message);
        err.flush();
        released.countDown();
    }

    private void stopAndWait() {
        requested = true;
        try {
            released.await(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Training is over (or stopped): the JVM need not wait for it any more. */
    @Override
    public void close() {
        released.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook has run or is running, and is released.
        }
    }
}
