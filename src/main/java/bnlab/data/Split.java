package bnlab.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * One validated Fashion-MNIST split: {@code count} grayscale 28x28 images with their labels.
 *
 * <p>Pixels are kept as the raw unsigned bytes 0..255, row-major {@code count x rows x cols} (47 MB
 * for the training split; as floats it would be 188 MB). Convert to floats in [0, 1] with {@link
 * #pixelsAsFloats()} or, per mini-batch, {@link #pixelsAsFloats(int, int)}.
 */
public final class Split {
    // Exact i / 255 for every byte value; a lookup is both faster and rounding-identical to
    // dividing.
    private static final float[] UNIT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            UNIT[i] = i / 255f;
        }
    }

    private final String name;
    private final Path imagesFile;
    private final Path labelsFile;
    private final byte[] pixels;
    private final byte[] labels;
    private final int count;
    private final int rows;
    private final int cols;

    private Split(String name, IdxArray images, IdxArray labels) {
        this.name = name;
        this.imagesFile = images.file();
        this.labelsFile = labels.file();
        this.pixels = images.data();
        this.labels = labels.data();
        this.count = images.count();
        this.rows = images.dims()[1];
        this.cols = images.dims()[2];
    }

    /**
     * Validates and pairs an images file (rank 3) with its labels file (rank 1).
     *
     * @param name split name for messages and display, e.g. "train"
     * @param images images as read by {@link IdxReader#read(Path, int)} with rank 3
     * @param labels labels as read by {@link IdxReader#read(Path, int)} with rank 1
     * @return the split, sharing (not copying) the arrays of {@code images} and {@code labels}
     * @throws DataFormatException if the images are not 28x28, the counts differ, or a label is
     *     outside 0..9
     */
    public static Split of(String name, IdxArray images, IdxArray labels) {
        Objects.requireNonNull(name, "name");
        int[] d = images.dims();
        if (d.length != 3) {
            throw new DataFormatException(
                    images.file() + ": wrong image rank: expected 3, found " + d.length);
        }
        if (labels.rank() != 1) {
            throw new DataFormatException(
                    labels.file() + ": wrong label rank: expected 1, found " + labels.rank());
        }
        int size = FashionMnist.IMAGE_SIZE;
        if (d[1] != size || d[2] != size) {
            throw new DataFormatException(
                    images.file()
                            + ": wrong image size: expected "
                            + size
                            + "x"
                            + size
                            + ", found "
                            + d[1]
                            + "x"
                            + d[2]);
        }
        if (images.count() != labels.count()) {
            throw new DataFormatException(
                    name
                            + " split: image and label counts differ: expected equal, found "
                            + images.count()
                            + " images in "
                            + images.file()
                            + " and "
                            + labels.count()
                            + " labels in "
                            + labels.file());
        }
        byte[] l = labels.data();
        for (int i = 0; i < l.length; i++) {
            int v = l[i] & 0xFF;
            if (v >= FashionMnist.NUM_CLASSES) {
                throw new DataFormatException(
                        labels.file()
                                + ": label out of range at index "
                                + i
                                + ": expected 0.."
                                + (FashionMnist.NUM_CLASSES - 1)
                                + ", found "
                                + v);
            }
        }
        return new Split(name, images, labels);
    }

    /**
     * The first {@code n} examples, as a split of their own (a copy, naming the same files).
     *
     * @throws IllegalArgumentException unless 1 ≤ n ≤ {@link #count()}
     */
    public Split first(int n) {
        if (n < 1 || n > count) {
            throw new IllegalArgumentException(
                    "n must be in 1.." + count + " (the examples of " + name + "), got " + n);
        }
        return new Split(
                name,
                new IdxArray(
                        imagesFile,
                        new int[] {n, rows, cols},
                        Arrays.copyOf(pixels, n * rows * cols)),
                new IdxArray(labelsFile, new int[] {n}, Arrays.copyOf(labels, n)));
    }

    /**
     * @return the split name, e.g. "train" or "test"
     */
    public String name() {
        return name;
    }

    /**
     * @return the images file this split was read from
     */
    public Path imagesFile() {
        return imagesFile;
    }

    /**
     * @return the labels file this split was read from
     */
    public Path labelsFile() {
        return labelsFile;
    }

    /**
     * @return the number of images (and labels)
     */
    public int count() {
        return count;
    }

    /**
     * @return image height in pixels (28)
     */
    public int rows() {
        return rows;
    }

    /**
     * @return image width in pixels (28)
     */
    public int cols() {
        return cols;
    }

    /**
     * The raw pixels, unsigned 0..255 ({@code b & 0xFF}), row-major {@code count x rows x cols}.
     *
     * @return the backing array, not a copy (it is large): do not modify
     */
    public byte[] pixels() {
        return pixels;
    }

    /**
     * The labels, one per image, each 0..9 (see {@link FashionMnist#CLASS_NAMES}).
     *
     * @return the backing array, not a copy: do not modify
     */
    public byte[] labels() {
        return labels;
    }

    /**
     * @param index image index, 0 ≤ index &lt; count
     * @return the label of that image, 0..9
     */
    public int label(int index) {
        return labels[index];
    }

    /**
     * @return all pixels scaled to [0, 1], row-major {@code count x rows x cols}; a new array
     */
    public float[] pixelsAsFloats() {
        return pixelsAsFloats(0, count);
    }

    /**
     * Pixels of the images {@code from .. from+n-1} scaled to [0, 1]; for building one mini-batch
     * without materializing the whole split as floats.
     *
     * @param from first image index
     * @param n number of images
     * @return {@code n x rows x cols} floats, row-major; a new array
     * @throws IndexOutOfBoundsException if the range is not within {@code 0..count}
     */
    public float[] pixelsAsFloats(int from, int n) {
        Objects.checkFromIndexSize(from, n, count);
        int per = rows * cols;
        float[] out = new float[n * per];
        int base = from * per;
        for (int i = 0; i < out.length; i++) {
            out[i] = UNIT[pixels[base + i] & 0xFF];
        }
        return out;
    }

    /**
     * @return how many images there are of each class, indexed by label
     */
    public int[] classCounts() {
        int[] counts = new int[FashionMnist.NUM_CLASSES];
        for (byte b : labels) {
            counts[b]++;
        }
        return counts;
    }

    @Override
    public String toString() {
        return name
                + " split: "
                + count
                + " images "
                + rows
                + "x"
                + cols
                + " ("
                + imagesFile
                + ", "
                + labelsFile
                + ")";
    }
}
