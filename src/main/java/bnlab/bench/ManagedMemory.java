package bnlab.bench;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Native memory held by the arrays of a DJL manager and its sub-managers. */
public final class ManagedMemory {

    private ManagedMemory() {}

    /**
     * Bytes of tensor data in the open arrays that {@code manager} (and its sub-managers) holds:
     * what would leak if per-batch arrays were not released.
     */
    public static long bytes(NDManager manager) {
        if (!(manager instanceof BaseNDManager)) {
            throw new IllegalArgumentException(
                    "cannot inspect manager " + manager.getClass().getName());
        }
        long total = 0;
        for (NDArray array : ((BaseNDManager) manager).getManagedArrays()) {
            if (!array.isReleased()) {
                total += array.getShape().size() * array.getDataType().getNumOfBytes();
            }
        }
        return total;
    }
}
