package bnlab.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs of a classifier, with accuracy, per-class accuracy
 * and a text rendering. Rows are true classes, columns predicted ones.
 *
 * <p>Use {@link #compute(List, int[], int[])} for whole arrays, or {@link #ofClasses(List)} and
 * {@link #add(int, int)} to accumulate batch by batch.
 */
public final class ConfusionMatrix {

    private final List<String> classNames;
    private final long[][] counts;
    private long total;

    private ConfusionMatrix(List<String> classNames) {
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("at least one class name is required");
        }
        this.classNames = List.copyOf(classNames);
        this.counts = new long[classNames.size()][classNames.size()];
    }

    /**
     * An empty matrix over {@code classNames}, indexed by label (for Fashion-MNIST: {@code
     * FashionMnist.CLASS_NAMES}).
     */
    public static ConfusionMatrix ofClasses(List<String> classNames) {
        return new ConfusionMatrix(classNames);
    }

    /**
     * The matrix of {@code truths[i]} against {@code predictions[i]}.
     *
     * @throws IllegalArgumentException if the arrays differ in length or hold a label out of range
     */
    public static ConfusionMatrix compute(
            List<String> classNames, int[] truths, int[] predictions) {
        if (truths.length != predictions.length) {
            throw new IllegalArgumentException(
                    "got "
                            + truths.length
                            + " true labels but "
                            + predictions.length
                            + " predictions");
        }
        ConfusionMatrix matrix = new ConfusionMatrix(classNames);
        for (int i = 0; i < truths.length; i++) {
            matrix.add(truths[i], predictions[i]);
        }
        return matrix;
    }

    /**
     * Counts one example.
     *
     * @throws IllegalArgumentException if either label is not a class index
     */
    public void add(int truth, int predicted) {
        counts[checkClass("true label", truth)][checkClass("predicted label", predicted)]++;
        total++;
    }

    /** The class names, indexed by label. */
    public List<String> classNames() {
        return classNames;
    }

    /** How many examples were classified right (the diagonal). */
    public long correct() {
        long sum = 0;
        for (int c = 0; c < size(); c++) {
            sum += counts[c][c];
        }
        return sum;
    }

    /** The counts, {@code [true class][predicted class]}, as a copy. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int t = 0; t < counts.length; t++) {
            copy[t] = counts[t].clone();
        }
        return copy;
    }

    /** The number of classes. */
    public int size() {
        return classNames.size();
    }

    /** How many examples of class {@code truth} were predicted as {@code predicted}. */
    public long count(int truth, int predicted) {
        return counts[checkClass("true label", truth)][checkClass("predicted label", predicted)];
    }

    /** The number of examples counted. */
    public long total() {
        return total;
    }

    /** How many examples of class {@code truth} were counted. */
    public long classTotal(int truth) {
        return Arrays.stream(counts[checkClass("true label", truth)]).sum();
    }

    /** The fraction of all examples predicted right; NaN if none were counted. */
    public double accuracy() {
        long right = 0;
        for (int c = 0; c < counts.length; c++) {
            right += counts[c][c];
        }
        return total == 0 ? Double.NaN : (double) right / total;
    }

    /**
     * The fraction of the examples of class {@code truth} predicted right (recall); NaN if none.
     */
    public double classAccuracy(int truth) {
        long all = classTotal(truth);
        return all == 0 ? Double.NaN : (double) counts[truth][truth] / all;
    }

    /**
     * A fixed-width table: one row per true class (index and name) with its counts per predicted
     * class and its accuracy, under a header of the predicted classes' indices (names are too wide
     * for columns), then the overall accuracy.
     */
    public String toText() {
        int indexWidth = Integer.toString(size() - 1).length();
        int nameWidth = classNames.stream().mapToInt(String::length).max().orElse(0);
        int cell = Math.max(indexWidth, Long.toString(Math.max(total, 1)).length()) + 1;
        String rowHead = "%" + indexWidth + "d %-" + nameWidth + "s ";
        StringBuilder sb = new StringBuilder(" ".repeat(indexWidth + nameWidth + 2));
        for (int p = 0; p < size(); p++) {
            sb.append(String.format(Locale.ROOT, "%" + cell + "d", p));
        }
        sb.append("    acc").append(System.lineSeparator());
        for (int t = 0; t < size(); t++) {
            sb.append(String.format(Locale.ROOT, rowHead, t, classNames.get(t)));
            for (int p = 0; p < size(); p++) {
                sb.append(String.format(Locale.ROOT, "%" + cell + "d", counts[t][p]));
            }
            sb.append(String.format(Locale.ROOT, "  %.3f", classAccuracy(t)));
            sb.append(System.lineSeparator());
        }
        sb.append(String.format(Locale.ROOT, "accuracy %.4f of %d", accuracy(), total));
        return sb.append(System.lineSeparator()).toString();
    }

    @Override
    public String toString() {
        return toText();
    }

    private int checkClass(String what, int label) {
        if (label < 0 || label >= counts.length) {
            throw new IllegalArgumentException(
                    what + " " + label + " is not a class index 0.." + (counts.length - 1));
        }
        return label;
    }
}
