package bnlab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory and page faults of this process, from Linux's {@code /proc/self}. */
public final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path STAT = Path.of("/proc/self/stat");

    /** Position of {@code minflt} among the fields after the command name in {@code proc(5)}. */
    private static final int MINFLT_AFTER_COMMAND = 7;

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

    /**
     * Resident memory minus the committed JVM heap, in MiB: an estimate of PyTorch's tensors and
     * the native libraries. Committed heap pages need not be resident, so it is low by the heap's
     * untouched part and can be negative (-258 MiB measured in a short {@code bench}); compare it
     * between runs of the same settings only.
     */
    public static double nativeMiB() {
        return residentMiB() - Runtime.getRuntime().totalMemory() / (1024.0 * 1024.0);
    }

    /**
     * Minor page faults of this process so far (-1 where /proc is not available): each is a page
     * the kernel had to map on first touch, which a freshly mapped tensor buffer costs.
     */
    public static long minorFaults() {
        try {
            String stat = Files.readString(STAT);
            // the command name is in parentheses and may contain spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[MINFLT_AFTER_COMMAND]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
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
