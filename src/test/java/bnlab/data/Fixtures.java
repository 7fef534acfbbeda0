package bnlab.data;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Test helpers: fixture paths and tiny Fashion-MNIST directories. */
final class Fixtures {
    /** Items in the committed tiny train-like pair and in the generated test-like pair. */
    static final int TRAIN_COUNT = 3;

    static final int TEST_COUNT = 2;

    private Fixtures() {}

    /**
     * @return the committed fixture file (see src/test/resources/bnlab/data/make_fixtures.py)
     */
    static Path fixture(String name) {
        try {
            return Path.of(Fixtures.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test fixture " + name, e);
        }
    }

    /**
     * @return gzip-compressed IDX bytes of unsigned bytes with the given dimensions
     */
    static byte[] gzipIdx(int[] dims, byte[] data) {
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length);
        header.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) {
            header.putInt(d);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(header.array());
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The four files of a tiny data set, by real file name: train-* are the committed 3-image pair,
     * t10k-* a generated 2-image pair, so a mix-up of the splits shows in the counts.
     */
    static Map<String, byte[]> tinyDataSet() {
        try {
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put(
                    FashionMnist.TRAIN_IMAGES, Files.readAllBytes(fixture("images-idx3-ubyte.gz")));
            files.put(
                    FashionMnist.TRAIN_LABELS, Files.readAllBytes(fixture("labels-idx1-ubyte.gz")));
            files.put(
                    FashionMnist.TEST_IMAGES,
                    gzipIdx(new int[] {TEST_COUNT, 28, 28}, new byte[TEST_COUNT * 28 * 28]));
            files.put(FashionMnist.TEST_LABELS, gzipIdx(new int[] {TEST_COUNT}, new byte[] {5, 7}));
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return MD5 of each file of {@code files}, by name
     */
    static Map<String, String> md5s(Map<String, byte[]> files) {
        Map<String, String> sums = new LinkedHashMap<>();
        files.forEach((name, bytes) -> sums.put(name, md5(bytes)));
        return sums;
    }

    /**
     * @return MD5 of the decompressed content of each gzip file of {@code files}, by name
     */
    static Map<String, String> contentMd5s(Map<String, byte[]> files) {
        Map<String, String> sums = new LinkedHashMap<>();
        files.forEach((name, bytes) -> sums.put(name, md5(gunzip(bytes))));
        return sums;
    }

    /**
     * @return the same files, decompressed and compressed again differently (as a repackager might)
     */
    static Map<String, byte[]> recompressed(Map<String, byte[]> files) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        files.forEach(
                (name, bytes) -> {
                    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                    try (OutputStream gz =
                            new GZIPOutputStream(buffer) {
                                {
                                    def.setLevel(Deflater.NO_COMPRESSION);
                                }
                            }) {
                        gz.write(gunzip(bytes));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    out.put(name, buffer.toByteArray());
                });
        return out;
    }

    static byte[] gunzip(byte[] bytes) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the named files of {@code files} into {@code dir} (created if needed). */
    static Path populate(Path dir, Map<String, byte[]> files, String... names) {
        try {
            Files.createDirectories(dir);
            for (String name : names) {
                Files.write(dir.resolve(name), files.get(name));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return the names of all entries of {@code dir} (hidden temporary files included), none if
     *     absent
     */
    static String[] listing(Path dir) {
        if (!Files.isDirectory(dir)) {
            return new String[0];
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
