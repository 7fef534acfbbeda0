package bnlab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process, from Linux's {@code /proc/self/status}. */
public final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {}

    /** Current resident set size in MiB (NaN where /proc is not available). */
    public static double residentMiB() {
        return field("VmRSS:");
    }

    /** Peak resident set size in MiB (NaN where /proc is not available). */
    public static double peakResidentMiB() {
        return field("VmHWM:");
    }

    /** JVM heap in use, in MiB. */
    public static double heapUsedMiB() {
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / (1024.0 * 1024.0);
    }

    /** Resident memory not committed to the JVM heap, in MiB: PyTorch's tensors and libraries. */
    public static double nativeMiB() {
        return residentMiB() - Runtime.getRuntime().totalMemory() / (1024.0 * 1024.0);
    }

    private static double field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    String kb = line.substring(name.length()).trim().split("\\s+")[0];
                    return Long.parseLong(kb) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
