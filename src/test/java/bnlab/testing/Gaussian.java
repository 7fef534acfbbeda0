package bnlab.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/** Normally distributed test inputs drawn from a seeded {@link Random}. */
public final class Gaussian {

    private Gaussian() {}

    /** {@code n} draws of {@code mean + std * N(0, 1)}. */
    public static double[] samples(Random random, int n, double mean, double std) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = mean + std * random.nextGaussian();
        }
        return out;
    }

    /** A float32 array of {@code shape} filled with {@link #samples} in row-major order. */
    public static NDArray floats(
            NDManager manager, Random random, Shape shape, double mean, double std) {
        double[] values = samples(random, Math.toIntExact(shape.size()), mean, std);
        return manager.create(NdAssert.toFloat(values), shape);
    }
}
