package bnlab.train;

import bnlab.data.FashionMnist;
import java.util.Arrays;

/**
 * How a classifier did on a set of labelled examples: the confusion matrix (rows the true class,
 * columns the predicted one) and the accuracies derived from it.
 */
public final class Evaluation {

    private final long[][] counts;

    /**
     * Wraps a confusion matrix.
     *
     * @param counts {@code counts[true][predicted]}, {@link FashionMnist#NUM_CLASSES} square,
     *     non-negative; copied
     * @throws IllegalArgumentException if the matrix is not square of that size or has a negative
     */
    public Evaluation(long[][] counts) {
        int n = FashionMnist.NUM_CLASSES;
        if (counts.length != n) {
            throw new IllegalArgumentException("expected " + n + " rows, got " + counts.length);
        }
        this.counts = new long[n][];
        for (int i = 0; i < n; i++) {
            if (counts[i].length != n || Arrays.stream(counts[i]).anyMatch(c -> c < 0)) {
                throw new IllegalArgumentException(
                        "row " + i + " must have " + n + " non-negative counts");
            }
            this.counts[i] = counts[i].clone();
        }
    }

    /** {@code counts[true][predicted]}, a copy. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** The number of examples. */
    public long total() {
        return Arrays.stream(counts).flatMapToLong(Arrays::stream).sum();
    }

    /** The number classified right: the diagonal. */
    public long correct() {
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            sum += counts[i][i];
        }
        return sum;
    }

    /** Fraction classified right (NaN when there are no examples). */
    public double accuracy() {
        return (double) correct() / total();
    }

    /** Per true class, the fraction classified right (NaN for a class without examples). */
    public double[] perClassAccuracy() {
        double[] acc = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            acc[i] = (double) counts[i][i] / Arrays.stream(counts[i]).sum();
        }
        return acc;
    }
}
