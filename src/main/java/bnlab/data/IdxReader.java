package bnlab.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files of unsigned bytes (the MNIST / Fashion-MNIST format), gzip-compressed or raw.
 *
 * <p>Layout: two zero bytes, a type code byte, a rank byte, {@code rank} big-endian 32-bit
 * dimension sizes, then the data. Validation follows Tribuo's {@code IDXDataSource} (magic, type,
 * rank, positive sizes, too little data, too much data), restricted to type {@code 0x08} (unsigned
 * byte), the only type Fashion-MNIST uses.
 *
 * <p>All failures are {@link DataFormatException} (bad content) or {@link DataUnavailableException}
 * (cannot open or read), with one-line messages of the form {@code FILE: PROBLEM: expected X, found
 * Y}.
 */
public final class IdxReader {
    /** The only IDX type code supported: unsigned byte. */
    public static final int TYPE_UNSIGNED_BYTE = 0x08;

    /**
     * The most data bytes a file may announce: about twice Fashion-MNIST's (and MNIST's) largest
     * file, the 47,040,000 bytes of the training images. bnlab keeps a split in memory twice (these
     * bytes, and four times as many as floats in native memory), so a larger file could not be used
     * anyway; a header claiming more is refused before anything is allocated.
     */
    public static final int MAX_DATA_BYTES = 100_000_000;

    private static final int BUFFER = 1 << 16;

    private IdxReader() {}

    /**
     * Reads a whole IDX file into memory.
     *
     * <p>The file is decompressed if it starts with the gzip magic bytes {@code 1f 8b}; a file
     * whose name ends in {@code .gz} must be gzip.
     *
     * @param file the file to read
     * @param expectedRank the rank the caller needs (1 for labels, 3 for images)
     * @return the dimensions and data
     * @throws DataFormatException if the content is not a valid unsigned-byte IDX file of that rank
     * @throws DataUnavailableException if the file cannot be opened or read
     */
    public static IdxArray read(Path file, int expectedRank) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
            byte[] start = peek(raw, 2);
            boolean gzip =
                    start.length == 2 && (start[0] & 0xFF) == 0x1f && (start[1] & 0xFF) == 0x8b;
            if (!gzip && file.getFileName().toString().endsWith(".gz")) {
                throw new DataFormatException(
                        file
                                + " is named .gz but is not gzip: expected first bytes "
                                + "1f 8b, found "
                                + (start.length == 0 ? "an empty file" : hex(start)));
            }
            try {
                return parse(
                        file,
                        gzip ? new GZIPInputStream(raw, BUFFER) : raw,
                        expectedRank,
                        gzip,
                        Files.size(file));
            } catch (ZipException | EOFException e) {
                // Raw reads never throw EOFException (readNBytes reports short reads); only gzip
                // does.
                throw new DataFormatException(file + ": corrupt gzip data: " + e.getMessage(), e);
            }
        } catch (IOException e) {
            throw new DataUnavailableException(file + ": cannot read: " + e, e);
        }
    }

    /**
     * @param fileSize the size of the file on disk: of the data itself unless {@code gzip}, when
     *     the uncompressed size is known only once read
     */
    private static IdxArray parse(
            Path file, InputStream in, int expectedRank, boolean gzip, long fileSize)
            throws IOException {
        byte[] head = in.readNBytes(4);
        if (head.length < 4) {
            throw error(file, "truncated IDX header", "at least 4 bytes", head.length + " bytes");
        }
        if (head[0] != 0 || head[1] != 0) {
            throw error(
                    file,
                    "bad IDX magic",
                    "first two bytes 00 00",
                    hex(new byte[] {head[0], head[1]}));
        }
        int type = head[2] & 0xFF;
        if (type != TYPE_UNSIGNED_BYTE) {
            throw error(
                    file,
                    "unsupported IDX type code",
                    String.format("0x%02x (unsigned byte)", TYPE_UNSIGNED_BYTE),
                    String.format("0x%02x", type));
        }
        int rank = head[3] & 0xFF;
        if (rank != expectedRank) {
            throw error(file, "wrong IDX rank", String.valueOf(expectedRank), String.valueOf(rank));
        }
        byte[] sizes = in.readNBytes(4 * rank);
        if (sizes.length < 4 * rank) {
            throw error(
                    file,
                    "truncated IDX header",
                    (4 + 4 * rank) + " bytes",
                    (4 + sizes.length) + " bytes");
        }
        long[] claimed = new long[rank];
        BigInteger total = BigInteger.ONE;
        for (int i = 0; i < rank; i++) {
            claimed[i] =
                    ((sizes[4 * i] & 0xFFL) << 24)
                            | ((sizes[4 * i + 1] & 0xFF) << 16)
                            | ((sizes[4 * i + 2] & 0xFF) << 8)
                            | (sizes[4 * i + 3] & 0xFF);
            if (i == 0 && claimed[i] == 0) {
                throw error(file, "no items", "at least 1 item", "0");
            }
            if (claimed[i] == 0) {
                throw error(file, "bad IDX dimension " + i, "a size of at least 1", "0");
            }
            // exact: three 32-bit sizes can multiply past a long
            total = total.multiply(BigInteger.valueOf(claimed[i]));
        }
        String announced = total + " bytes of data (dimensions " + Arrays.toString(claimed) + ")";
        // Checked against what is there before any allocation: a 30-byte file claiming two
        // billion items must not cost two gigabytes.
        if (!gzip) {
            long present = fileSize - (4 + 4L * rank);
            if (total.compareTo(BigInteger.valueOf(present)) > 0) {
                throw error(
                        file,
                        "truncated IDX data",
                        announced,
                        present + " in a file of " + fileSize + " bytes");
            }
            if (total.compareTo(BigInteger.valueOf(present)) < 0) {
                throw error(
                        file,
                        "trailing bytes after IDX data",
                        total + " bytes of data",
                        String.valueOf(present));
            }
        }
        if (total.compareTo(BigInteger.valueOf(MAX_DATA_BYTES)) > 0) {
            throw error(
                    file,
                    "IDX data too large",
                    "at most " + MAX_DATA_BYTES + " bytes of data",
                    announced
                            + " in a "
                            + (gzip ? "gzip " : "")
                            + "file of "
                            + fileSize
                            + " bytes");
        }
        int size = total.intValueExact();
        // readNBytes(n) collects what arrives in bounded chunks and allocates n bytes only once
        // they have all arrived, so a gzip stream shorter than its header claims costs no more
        // than its real content.
        byte[] data = in.readNBytes(size);
        if (data.length < size) {
            throw error(
                    file,
                    "truncated IDX data",
                    gzip ? announced : size + " bytes of data",
                    data.length + (gzip ? " after decompression" : ""));
        }
        // Counting stops at the cap, so trailing gigabytes of a gzip bomb are not inflated.
        long extra = skipUpTo(in, MAX_DATA_BYTES + 1L);
        if (extra > 0) {
            throw error(
                    file,
                    "trailing bytes after IDX data",
                    size + " bytes of data",
                    extra > MAX_DATA_BYTES
                            ? "more than " + (size + (long) MAX_DATA_BYTES)
                            : String.valueOf(size + extra));
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = (int) claimed[i];
        }
        return new IdxArray(file, dims, data);
    }

    /** Reads and discards up to {@code limit} bytes, returning how many there were. */
    private static long skipUpTo(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long skipped = 0;
        int n;
        while (skipped < limit
                && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - skipped))) > 0) {
            skipped += n;
        }
        return skipped;
    }

    // Reads up to n bytes without consuming them, so the stream can still be handed to
    // GZIPInputStream.
    private static byte[] peek(InputStream in, int n) throws IOException {
        in.mark(n);
        byte[] b = in.readNBytes(n);
        in.reset();
        return b;
    }

    private static DataFormatException error(
            Path file, String problem, String expected, String found) {
        return new DataFormatException(
                file + ": " + problem + ": expected " + expected + ", found " + found);
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02x", b & 0xFF));
        }
        return sb.toString();
    }
}
