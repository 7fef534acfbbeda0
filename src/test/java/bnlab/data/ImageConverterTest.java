package bnlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The conversion of arbitrary images into Fashion-MNIST examples, on synthetic images. */
class ImageConverterTest {

    private static final int N = FashionMnist.IMAGE_SIZE;

    @TempDir Path temp;

    /** A light "object" (a diagonal gradient in the middle) on black. */
    private static int[] example() {
        int[] v = new int[N * N];
        for (int y = 6; y < 22; y++) {
            for (int x = 8; x < 20; x++) {
                v[y * N + x] = 100 + 5 * (x + y - 14);
            }
        }
        return v;
    }

    private static BufferedImage gray(int[] v, int scale, boolean invert) {
        BufferedImage image = new BufferedImage(N * scale, N * scale, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < N * scale; y++) {
            for (int x = 0; x < N * scale; x++) {
                int p = v[(y / scale) * N + x / scale];
                image.getRaster().setSample(x, y, 0, invert ? 255 - p : p);
            }
        }
        return image;
    }

    private static float[] expected(int[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = v[i] / 255f;
        }
        return f;
    }

    @Test
    void a28x28ImageIsTakenAsIs() throws IOException {
        Path png = temp.resolve("x.png");
        ImageIO.write(gray(example(), 1, false), "png", png.toFile());
        assertArrayEquals(expected(example()), ImageConverter.convert(ImageConverter.read(png)));
    }

    @Test
    void aLightBackgroundIsInvertedAndDownscalingAveragesAreas() {
        // 4x nearest upscale of the inverted example: averaging 4x4 blocks recovers it exactly.
        assertArrayEquals(
                expected(example()), ImageConverter.convert(gray(example(), 4, true)), 1e-6f);
    }

    @Test
    void theLongestSideIsScaledTo28AndTheImageCentredOnBlack() {
        BufferedImage wide = new BufferedImage(112, 56, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 112; x++) {
                wide.setRGB(x, y, 0x808080);
            }
        }
        float[] out = ImageConverter.convert(wide);
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                boolean inside = y >= 7 && y < 21;
                assertEquals(
                        inside ? 128 / 255f : 0f, out[y * N + x], 0.01f, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void aTallImageIsCentredLeftToRight() {
        BufferedImage tall = new BufferedImage(14, 28, BufferedImage.TYPE_BYTE_GRAY);
        fill(tall, (x, y) -> x == 0 || x == 13 || y == 0 || y == 27 ? 0 : 200);
        float[] out = ImageConverter.convert(tall);
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                boolean inside = y > 0 && y < 27 && x > 7 && x < 20;
                assertEquals(inside ? 200 / 255f : 0f, out[y * N + x], 1e-6f, x + "," + y);
            }
        }
    }

    @Test
    void sixteenBitGrayIsScaledTo0To1() {
        BufferedImage deep = new BufferedImage(N, N, BufferedImage.TYPE_USHORT_GRAY);
        fill(deep, (x, y) -> 16384);
        float[] out = ImageConverter.convert(deep);
        for (float v : out) {
            assertEquals(16384 / 65535f, v, 1e-6f);
        }
    }

    @Test
    void transparencyCountsAsWhite() {
        // a transparent border (white, so the image is inverted) round half-transparent black
        BufferedImage argb = new BufferedImage(N, N, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                boolean border = x == 0 || y == 0 || x == N - 1 || y == N - 1;
                argb.setRGB(x, y, border ? 0x00000000 : 0x80000000);
            }
        }
        float[] out = ImageConverter.convert(argb);
        assertEquals(0f, out[0], 1e-6f);
        // gray = a·0 + (1 − a)·255 with a = 128/255, inverted: 128
        assertEquals(128 / 255f, out[5 * N + 5], 1e-5f);
    }

    /**
     * The border decides the polarity by majority: light rows against dark columns, the reverse,
     * and a tie (not light, so not inverted).
     */
    @ParameterizedTest
    @CsvSource({"rows, true", "columns, true", "tie, false"})
    void theBorderVotesOnInversion(String pattern, boolean inverted) {
        BufferedImage image = new BufferedImage(N, N, BufferedImage.TYPE_BYTE_GRAY);
        fill(
                image,
                (x, y) -> {
                    boolean row = y == 0 || y == N - 1;
                    boolean column = x == 0 || x == N - 1;
                    boolean light =
                            switch (pattern) {
                                case "rows" -> row;
                                case "columns" -> column;
                                default -> y == 0 || (x == 0 && y < N - 1);
                            };
                    return light ? 255 : row || column ? 0 : 100;
                });
        float[] out = ImageConverter.convert(image);
        assertEquals(inverted ? 155 / 255f : 100 / 255f, out[10 * N + 10], 1e-6f);
    }

    @Test
    void upscalingByAFractionWeighsThePixelsItCovers() {
        // three columns 0, 255, 0 to 28: output column j covers [3j/28, 3(j+1)/28)
        BufferedImage small = new BufferedImage(3, 3, BufferedImage.TYPE_BYTE_GRAY);
        fill(small, (x, y) -> x == 1 ? 255 : 0);
        float[] out = ImageConverter.convert(small);
        for (int j = 0; j < N; j++) {
            double start = 3.0 * j / N;
            double end = 3.0 * (j + 1) / N;
            double covered = Math.max(0, Math.min(end, 2) - Math.max(start, 1));
            assertEquals(covered / (end - start), out[14 * N + j], 1e-5, "column " + j);
        }
    }

    private interface Pixels {
        int at(int x, int y);
    }

    private static void fill(BufferedImage image, Pixels pixels) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.getRaster().setSample(x, y, 0, pixels.at(x, y));
            }
        }
    }

    @Test
    void aFileThatIsNoImageIsAOneLineError() throws IOException {
        Path text = Files.writeString(temp.resolve("notes.png"), "hello");
        IOException e = assertThrows(IOException.class, () -> ImageConverter.read(text));
        assertEquals(text + ": not a PNG, JPEG or other supported image", e.getMessage());
        e = assertThrows(IOException.class, () -> ImageConverter.read(temp.resolve("missing.png")));
        assertTrue(e.getMessage().endsWith("missing.png: no such file"), e.getMessage());
    }

    private static Path image(String name) {
        return Path.of("src/test/resources/bnlab/images", name);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "huge-dimensions.png  | image too large: expected at most 25000000 pixels, found"
                        + " 100000 x 100000 = 10000000000",
                "bomb-12000x12000.png | image too large: expected at most 25000000 pixels, found"
                        + " 12000 x 12000 = 144000000",
                "empty.png            | not a PNG, JPEG or other supported image",
            })
    void anImageTooLargeOrEmptyIsRefusedFromItsHeaderAlone(String name, String problem) {
        IOException e = assertThrows(IOException.class, () -> ImageConverter.read(image(name)));
        assertEquals(image(name) + ": " + problem, e.getMessage());
    }

    @Test
    void aTruncatedImageIsAOneLineErrorNamingTheFile() {
        IOException e =
                assertThrows(IOException.class, () -> ImageConverter.read(image("truncated.png")));
        assertTrue(
                e.getMessage().startsWith(image("truncated.png") + ": unreadable image ("),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void aJpegWhoseHeaderClaimsHugeDimensionsIsRefusedBeforeDecoding() throws IOException {
        Path jpeg = temp.resolve("huge.jpg");
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "jpg", jpeg.toFile());
        byte[] bytes = Files.readAllBytes(jpeg);
        // the baseline frame header: FF C0, length (2), precision (1), height (2), width (2)
        for (int i = 0; i + 8 < bytes.length; i++) {
            if ((bytes[i] & 0xFF) == 0xFF && (bytes[i + 1] & 0xFF) == 0xC0) {
                // 20000 = 0x4E20 each way (JPEG allows at most 65500)
                bytes[i + 5] = bytes[i + 7] = 0x4E;
                bytes[i + 6] = bytes[i + 8] = 0x20;
                break;
            }
        }
        Files.write(jpeg, bytes);
        IOException e = assertThrows(IOException.class, () -> ImageConverter.read(jpeg));
        assertEquals(
                jpeg
                        + ": image too large: expected at most 25000000 pixels, found 20000 x"
                        + " 20000 = 400000000",
                e.getMessage());
    }

    @Test
    void anImageOfTheLimitsSizeIsRead() throws IOException {
        Path png = temp.resolve("limit.png");
        int side = (int) Math.sqrt(ImageConverter.MAX_PIXELS);
        ImageIO.write(
                new BufferedImage(side, side, BufferedImage.TYPE_BYTE_BINARY), "png", png.toFile());
        BufferedImage read = ImageConverter.read(png);
        assertEquals(side, read.getWidth());
        assertEquals(28 * 28, ImageConverter.convert(read).length);
    }
}
