package bnlab.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The page-fault counter {@code bnlab bench} reports per step. */
class ProcessMemoryTest {

    @Test
    void touchingFreshMemoryCountsItsPagesAsMinorFaults() {
        int bytes = 64 << 20;
        long before = ProcessMemory.minorFaults();
        ByteBuffer fresh = ByteBuffer.allocateDirect(bytes);
        for (int i = 0; i < bytes; i += 4096) {
            fresh.put(i, (byte) 1);
        }
        long after = ProcessMemory.minorFaults();
        assertTrue(before >= 0, "minflt should be readable from /proc/self/stat");
        // at least one fault per 2 MiB even if the kernel backs the buffer with huge pages
        assertTrue(after - before >= bytes / (2 << 20), "faults " + before + " -> " + after);
    }
}
