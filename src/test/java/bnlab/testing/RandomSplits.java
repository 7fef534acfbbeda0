package bnlab.testing;

import bnlab.data.FashionMnist;
import bnlab.data.IdxArray;
import bnlab.data.Split;
import java.nio.file.Path;
import java.util.Random;

/** In-memory splits of random 28x28 images and labels, for training code without the real data. */
public final class RandomSplits {

    private RandomSplits() {}

    /**
     * {@code count} images of uniformly random pixels with random labels, fixed by {@code seed}.
     */
    public static Split of(String name, int count, long seed) {
        Random random = new Random(seed);
        int size = FashionMnist.IMAGE_SIZE;
        byte[] pixels = new byte[count * size * size];
        random.nextBytes(pixels);
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) random.nextInt(FashionMnist.NUM_CLASSES);
        }
        return Split.of(
                name,
                new IdxArray(Path.of(name + "-images"), new int[] {count, size, size}, pixels),
                new IdxArray(Path.of(name + "-labels"), new int[] {count}, labels));
    }
}
