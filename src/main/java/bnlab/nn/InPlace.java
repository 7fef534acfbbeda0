package bnlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * Writes into an existing array in place, so that every holder of the array (a parameter, a
 * parameter store, an optimizer) sees the new values: the moving statistics a block updates, and
 * the parameters recalibration and folding replace.
 */
public final class InPlace {

    // every element: a full slice, for in-place assignment
    private static final NDIndex ALL = new NDIndex(":");

    private InPlace() {}

    /** Copies {@code value}, of {@code target}'s shape and device, into {@code target}. */
    public static void copy(NDArray target, NDArray value) {
        target.set(ALL, value);
    }

    /**
     * Writes host {@code values}, as many as {@code target} holds, into {@code target}, through a
     * temporary array freed at once. ({@code NDArray.set(Buffer)} would do it too, but makes
     * PyTorch warn about a deprecated mode on stderr.)
     */
    public static void write(NDArray target, float[] values) {
        try (NDManager scope = target.getManager().newSubManager()) {
            copy(target, scope.create(values, target.getShape()));
        }
    }
}
