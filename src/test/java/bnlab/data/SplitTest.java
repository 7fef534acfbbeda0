package bnlab.data;

import static bnlab.data.Fixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SplitTest {
    private static final IdxArray IMAGES = IdxReader.read(fixture("images-idx3-ubyte.gz"), 3);
    private static final IdxArray LABELS = IdxReader.read(fixture("labels-idx1-ubyte.gz"), 1);

    @Test
    void pairsValidImagesAndLabels() {
        Split split = Split.of("train", IMAGES, LABELS);
        assertEquals(3, split.count());
        assertEquals(28, split.rows());
        assertEquals(28, split.cols());
        assertEquals(9, split.label(1));
        assertArrayEquals(new int[] {1, 0, 0, 0, 1, 0, 0, 0, 0, 1}, split.classCounts());
        assertEquals(IMAGES.file(), split.imagesFile());
        assertEquals(LABELS.file(), split.labelsFile());
    }

    @Test
    void pixelsAsFloatsAreUnitScaledRowMajor() {
        Split split = Split.of("train", IMAGES, LABELS);
        float[] all = split.pixelsAsFloats();
        assertEquals(3 * 28 * 28, all.length);
        for (int i = 0; i < all.length; i++) {
            assertEquals(((7 * i) % 256) / 255f, all[i]);
        }
        float[] second = split.pixelsAsFloats(1, 1);
        assertEquals(28 * 28, second.length);
        assertEquals(all[28 * 28 + 5], second[5]);
        assertThrows(IndexOutOfBoundsException.class, () -> split.pixelsAsFloats(2, 2));
    }

    @Test
    void theFirstExamplesAreASplitOfTheirOwn() {
        Split split = Split.of("train", IMAGES, LABELS);
        Split first = split.first(2);
        assertEquals(2, first.count());
        assertEquals(split.label(1), first.label(1));
        assertArrayEquals(split.pixelsAsFloats(0, 2), first.pixelsAsFloats());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> split.first(4));
        assertEquals("n must be in 1..3 (the examples of train), got 4", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> split.first(0));
        // both ends of 1..count are allowed
        assertEquals(1, split.first(1).count());
        assertArrayEquals(split.pixelsAsFloats(), split.first(3).pixelsAsFloats());
    }

    @Test
    void countsDiffer() {
        IdxArray two =
                new IdxArray(Path.of("two-labels-idx1-ubyte"), new int[] {2}, new byte[] {1, 2});
        DataFormatException e =
                assertThrows(DataFormatException.class, () -> Split.of("train", IMAGES, two));
        assertEquals(
                "train split: image and label counts differ: expected equal, found 3 images in "
                        + IMAGES.file()
                        + " and 2 labels in two-labels-idx1-ubyte",
                e.getMessage());
    }

    @Test
    void labelOutOfRangeNamesFirstBadIndex() {
        Path file = Path.of("bad-labels-idx1-ubyte");
        IdxArray bad = new IdxArray(file, new int[] {3}, new byte[] {0, 10, (byte) 200});
        DataFormatException e =
                assertThrows(DataFormatException.class, () -> Split.of("test", IMAGES, bad));
        assertEquals(
                file + ": label out of range at index 1: expected 0..9, found 10", e.getMessage());

        IdxArray unsigned = new IdxArray(file, new int[] {3}, new byte[] {0, 1, (byte) 200});
        e = assertThrows(DataFormatException.class, () -> Split.of("test", IMAGES, unsigned));
        assertEquals(
                file + ": label out of range at index 2: expected 0..9, found 200", e.getMessage());
    }

    @Test
    void imagesMustBe28By28() {
        Path file = Path.of("small-images-idx3-ubyte");
        IdxArray small = new IdxArray(file, new int[] {3, 27, 28}, new byte[3 * 27 * 28]);
        DataFormatException e =
                assertThrows(DataFormatException.class, () -> Split.of("train", small, LABELS));
        assertEquals(file + ": wrong image size: expected 28x28, found 27x28", e.getMessage());
    }
}
