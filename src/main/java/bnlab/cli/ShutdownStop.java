package bnlab.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stops training at a batch boundary on SIGINT or SIGTERM. For as long as it is installed, a JVM
 * shutdown hook asks the training thread to stop and waits (at most {@link #GRACE_SECONDS}) until
 * that thread has reached the next batch boundary and said where it stopped; only then does the JVM
 * finish exiting, with 128 + the signal's number (130, 143) as Java does for these signals.
 * Checkpoints are written between batches, so none is cut off half-way.
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

    /** Lets the JVM finish exiting; the training thread calls it once it has reported. */
    void release() {
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
        release();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook has run or is running, and is released.
        }
    }
}
