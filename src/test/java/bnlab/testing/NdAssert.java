package bnlab.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Comparisons done with NDArray ops and a single scalar read, never by bulk-reading temporaries to
 * the host.
 */
public final class NdAssert {

    private NdAssert() {}

    /** Reads a scalar NDArray as a double without a type conversion on the NDArray side. */
    public static double scalar(NDArray a) {
        switch (a.getDataType()) {
            case FLOAT64:
                return a.getDouble();
            case FLOAT32:
                return a.getFloat();
            case INT64:
                return a.getLong();
            default:
                throw new IllegalArgumentException("unexpected data type " + a.getDataType());
        }
    }

    /** Largest absolute element-wise difference; NaN anywhere gives NaN. */
    public static double maxAbsDiff(NDArray actual, NDArray expected) {
        assertEquals(expected.getShape(), actual.getShape(), "shape");
        return scalar(actual.sub(expected).abs().max());
    }

    /** Asserts {@code actual} has the given shape and is within {@code tol} of {@code expected}. */
    public static void assertClose(NDArray actual, Shape shape, double[] expected, double tol) {
        NDArray want =
                actual.getDataType() == DataType.FLOAT64
                        ? actual.getManager().create(expected, shape)
                        : actual.getManager().create(toFloat(expected), shape);
        assertClose(actual, want, tol);
    }

    /** Asserts both arrays have the same shape and agree within {@code tol}, NaN failing. */
    public static void assertClose(NDArray actual, NDArray expected, double tol) {
        double diff = maxAbsDiff(actual, expected);
        // written so that NaN fails
        assertTrue(diff <= tol, "max |actual - expected| = " + diff + " > " + tol);
    }

    /** The values rounded to float, for float32 arrays. */
    public static float[] toFloat(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
