package bnlab.cli;

/** Sets PyTorch's thread counts, which the engine reads once when it starts. */
final class EngineThreads {

    private EngineThreads() {}

    /**
     * Uses {@code threads} intra-op threads and one inter-op thread (LeNet's graph is a chain, so
     * inter-op parallelism only adds contention on a small machine).
     */
    static void configure(int threads) {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
}
