package bnlab.report;

import bnlab.data.Split;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import javax.imageio.ImageIO;

/** Renders examples of a split as gray PNG images. */
public final class ImageTiles {

    private ImageTiles() {}

    /**
     * Example {@code index} of {@code split}, scaled up {@code scale} times with square pixels (no
     * smoothing, so the 28x28 pixels stay visible), as a PNG. Needs no graphics context.
     */
    public static byte[] png(Split split, int index, int scale) throws IOException {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1, got " + scale);
        }
        Objects.checkIndex(index, split.count());
        int rows = split.rows();
        int cols = split.cols();
        BufferedImage image =
                new BufferedImage(cols * scale, rows * scale, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = image.getRaster();
        byte[] pixels = split.pixels();
        int base = index * rows * cols;
        int[] block = new int[scale * scale];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                Arrays.fill(block, pixels[base + y * cols + x] & 0xFF);
                raster.setSamples(x * scale, y * scale, scale, scale, 0, block);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }
}
