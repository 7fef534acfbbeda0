package bnlab.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * The content of one IDX file of unsigned bytes: its dimensions and its data, row-major.
 *
 * <p>The arrays are shared, not copied (the Fashion-MNIST training images are 47 MB), so treat them
 * as read-only.
 *
 * @param file where the data came from, named in error messages
 * @param dims dimension sizes, outermost (item count) first; each &gt; 0
 * @param data {@code dims[0] * ... * dims[rank-1]} unsigned bytes
 */
public record IdxArray(Path file, int[] dims, byte[] data) {

    /**
     * Checks that the dimensions are positive and describe exactly {@code data.length} bytes.
     *
     * @param file where the data came from
     * @param dims dimension sizes, outermost first
     * @param data the bytes, row-major
     * @throws IllegalArgumentException if they do not agree (a programming error: the reader
     *     reports bad files as {@link DataFormatException})
     */
    public IdxArray {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(dims, "dims");
        Objects.requireNonNull(data, "data");
        long size = 1;
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException(
                        file + ": dimensions must be > 0, found " + Arrays.toString(dims));
            }
            size *= d;
        }
        if (dims.length == 0 || size != data.length) {
            throw new IllegalArgumentException(
                    file
                            + ": dimensions "
                            + Arrays.toString(dims)
                            + " describe "
                            + size
                            + " bytes, found "
                            + data.length);
        }
    }

    /**
     * @return the number of dimensions
     */
    public int rank() {
        return dims.length;
    }

    /**
     * @return the number of items, i.e. the first dimension
     */
    public int count() {
        return dims[0];
    }
}
