package bnlab.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Turns an image of any size into a Fashion-MNIST example the way the data set was made: gray,
 * object light on a dark background, the longest side scaled to {@link FashionMnist#IMAGE_SIZE}
 * keeping the aspect ratio, centred on black.
 */
public final class ImageConverter {

    /**
     * The most pixels an image may have: 25 megapixels, e.g. 5000 x 5000 or a 24-megapixel photo of
     * 6000 x 4000. Decoding needs up to 8 bytes a pixel (16-bit RGBA) and the conversion 4 more, so
     * this keeps one image within about 300 MB of the launcher's 512 MB heap.
     */
    public static final long MAX_PIXELS = 25_000_000;

    private static final int SIZE = FashionMnist.IMAGE_SIZE;

    private ImageConverter() {}

    /**
     * Reads a PNG, JPEG or other image format {@code javax.imageio} knows. The size in the image's
     * header is checked against {@link #MAX_PIXELS} before any pixel is decoded, so a huge image,
     * or a small file whose header claims huge dimensions, costs no memory.
     *
     * @throws IOException with a one-line message naming the file if it cannot be read, is not an
     *     image or is too large
     */
    public static BufferedImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        ImageInputStream opened;
        try {
            opened = ImageIO.createImageInputStream(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        try (ImageInputStream in = opened) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException(file + ": not a PNG, JPEG or other supported image");
            }
            ImageReader reader = readers.next();
            try {
                long width;
                long height;
                try {
                    reader.setInput(in, true, true);
                    width = reader.getWidth(0);
                    height = reader.getHeight(0);
                } catch (IOException | RuntimeException e) {
                    throw unreadable(file, e);
                }
                if (width * height > MAX_PIXELS) {
                    throw new IOException(
                            file
                                    + ": image too large: expected at most "
                                    + MAX_PIXELS
                                    + " pixels, found "
                                    + width
                                    + " x "
                                    + height
                                    + " = "
                                    + width * height);
                }
                try {
                    return reader.read(0);
                } catch (IOException | RuntimeException e) {
                    throw unreadable(file, e);
                }
            } finally {
                reader.dispose();
            }
        }
    }

    /** A decoder's failure as one line naming the file (decoders' messages may span lines). */
    private static IOException unreadable(Path file, Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new IOException(
                file + ": unreadable image (" + message.replaceAll("\\s*[\\r\\n]+\\s*", " ") + ")",
                e);
    }

    /**
     * Converts {@code image}: to gray (luminance; transparent pixels count as white); inverted when
     * its border pixels are mostly light, since Fashion-MNIST objects are light on black; the
     * longest side scaled to 28 by area averaging (each output pixel is the mean of the input area
     * it covers, so downscaling does not alias); centred on black.
     *
     * @return {@code 28 x 28} values in [0, 1], row-major, as training sees them
     */
    public static float[] convert(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] gray = gray(image);
        if (borderIsLight(gray, w, h)) {
            for (int i = 0; i < gray.length; i++) {
                gray[i] = 255f - gray[i];
            }
        }
        int tw = Math.max(1, Math.round((float) w * SIZE / Math.max(w, h)));
        int th = Math.max(1, Math.round((float) h * SIZE / Math.max(w, h)));
        float[] scaled = resize(gray, w, h, tw, th);
        float[] out = new float[SIZE * SIZE];
        int left = (SIZE - tw) / 2;
        int top = (SIZE - th) / 2;
        for (int y = 0; y < th; y++) {
            for (int x = 0; x < tw; x++) {
                out[(top + y) * SIZE + left + x] =
                        Math.min(1f, Math.max(0f, scaled[y * tw + x] / 255f));
            }
        }
        return out;
    }

    /** Gray values 0..255, row-major. */
    private static float[] gray(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] gray = new float[w * h];
        int type = image.getType();
        if (type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_USHORT_GRAY) {
            // The samples themselves: getRGB would pass them through a linear-to-sRGB conversion.
            Raster raster = image.getRaster();
            float scale = type == BufferedImage.TYPE_BYTE_GRAY ? 1f : 255f / 65535f;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    gray[y * w + x] = raster.getSample(x, y, 0) * scale;
                }
            }
            return gray;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                float a = (argb >>> 24) / 255f;
                float lum =
                        0.299f * ((argb >> 16) & 0xFF)
                                + 0.587f * ((argb >> 8) & 0xFF)
                                + 0.114f * (argb & 0xFF);
                gray[y * w + x] = a * lum + (1 - a) * 255f;
            }
        }
        return gray;
    }

    private static boolean borderIsLight(float[] gray, int w, int h) {
        int light = 0;
        int total = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (y == 0 || y == h - 1 || x == 0 || x == w - 1) {
                    total++;
                    if (gray[y * w + x] > 127.5f) {
                        light++;
                    }
                }
            }
        }
        return light * 2 > total;
    }

    /** Area-average resampling, separable: first the rows, then the columns. */
    private static float[] resize(float[] src, int w, int h, int tw, int th) {
        float[] rows = new float[tw * h];
        for (int y = 0; y < h; y++) {
            resample(src, y * w, 1, w, rows, y * tw, 1, tw);
        }
        float[] out = new float[tw * th];
        for (int x = 0; x < tw; x++) {
            resample(rows, x, tw, h, out, x, tw, th);
        }
        return out;
    }

    /**
     * Resamples {@code n} values (start {@code from}, step {@code stride}) to {@code m}: output
     * {@code j} is the mean over input coordinates [j·n/m, (j+1)·n/m), partial pixels weighted by
     * the part covered. Equal sizes copy; upscaling repeats pixels, blending at the seams.
     */
    private static void resample(
            float[] in, int from, int stride, int n, float[] out, int to, int outStride, int m) {
        double step = (double) n / m;
        for (int j = 0; j < m; j++) {
            double start = j * step;
            double end = start + step;
            double sum = 0;
            for (int i = (int) Math.floor(start); i < n && i < end; i++) {
                double overlap = Math.min(end, i + 1) - Math.max(start, i);
                sum += overlap * in[from + i * stride];
            }
            out[to + j * outStride] = (float) (sum / step);
        }
    }
}
