package bnlab.testing;

import bnlab.data.FashionMnist;
import bnlab.data.Split;
import java.awt.image.BufferedImage;

/** Fashion-MNIST images as the pictures a user would hand to {@code bnlab predict}. */
public final class GrayImages {

    private GrayImages() {}

    /** Image {@code index} of {@code split} as 8-bit gray, as stored. */
    public static BufferedImage of(Split split, int index) {
        return of(split, index, false);
    }

    /**
     * Image {@code index} of {@code split} as 8-bit gray; with {@code invert}, dark clothes on a
     * light background (each pixel 255 minus the stored value).
     */
    public static BufferedImage of(Split split, int index, boolean invert) {
        int size = FashionMnist.IMAGE_SIZE;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = split.pixels();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = pixels[index * size * size + y * size + x] & 0xFF;
                image.getRaster().setSample(x, y, 0, invert ? 255 - v : v);
            }
        }
        return image;
    }
}
