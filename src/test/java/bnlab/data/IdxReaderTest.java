package bnlab.data;

import static bnlab.data.Fixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class IdxReaderTest {

    private static String failure(String name, int rank) {
        DataFormatException e =
                assertThrows(DataFormatException.class, () -> IdxReader.read(fixture(name), rank));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsRawAndGzipImagesAlike() {
        IdxArray raw = IdxReader.read(fixture("images-idx3-ubyte"), 3);
        IdxArray gz = IdxReader.read(fixture("images-idx3-ubyte.gz"), 3);
        assertArrayEquals(new int[] {3, 28, 28}, raw.dims());
        assertArrayEquals(raw.dims(), gz.dims());
        assertArrayEquals(raw.data(), gz.data());
        assertEquals(3 * 28 * 28, raw.data().length);
        // Generated as (7 * i) % 256: check a value above 127 survives as an unsigned byte.
        assertEquals(7 * 20, raw.data()[20] & 0xFF);
        assertEquals(fixture("images-idx3-ubyte.gz"), gz.file());
    }

    @Test
    void readsRawAndGzipLabelsAlike() {
        IdxArray raw = IdxReader.read(fixture("labels-idx1-ubyte"), 1);
        IdxArray gz = IdxReader.read(fixture("labels-idx1-ubyte.gz"), 1);
        assertArrayEquals(new byte[] {0, 9, 4}, raw.data());
        assertArrayEquals(raw.data(), gz.data());
        assertEquals(3, gz.count());
        assertEquals(1, gz.rank());
    }

    @Test
    void wrongMagic() {
        assertEquals(
                fixture("bad-magic-idx1-ubyte")
                        + ": bad IDX magic: expected first two bytes 00 00, found 08 03",
                failure("bad-magic-idx1-ubyte", 1));
    }

    @Test
    void wrongTypeCode() {
        assertEquals(
                fixture("bad-type-idx1-ubyte")
                        + ": unsupported IDX type code: expected 0x08 (unsigned byte), found 0x0d",
                failure("bad-type-idx1-ubyte", 1));
    }

    @Test
    void wrongRank() {
        assertEquals(
                fixture("bad-rank-idx3-ubyte") + ": wrong IDX rank: expected 3, found 2",
                failure("bad-rank-idx3-ubyte", 3));
        assertEquals(
                fixture("labels-idx1-ubyte.gz") + ": wrong IDX rank: expected 3, found 1",
                failure("labels-idx1-ubyte.gz", 3));
    }

    @Test
    void truncatedData() {
        assertEquals(
                fixture("truncated-idx1-ubyte")
                        + ": truncated IDX data: expected 5 bytes of data (dimensions [5]), found 3"
                        + " in a file of 11 bytes",
                failure("truncated-idx1-ubyte", 1));
    }

    @Test
    void truncatedHeader() {
        assertEquals(
                fixture("truncated-header-idx3-ubyte")
                        + ": truncated IDX header: expected 16 bytes, found 10 bytes",
                failure("truncated-header-idx3-ubyte", 3));
    }

    @Test
    void tooMuchData() {
        assertEquals(
                fixture("trailing-idx1-ubyte")
                        + ": trailing bytes after IDX data: expected 2 bytes of data, found 4",
                failure("trailing-idx1-ubyte", 1));
    }

    @Test
    void tooMuchDataInAGzipStreamIsFoundAfterDecompression() {
        // the file's size cannot tell: the bytes left after the announced data are counted
        assertEquals(
                fixture("trailing-gzip-idx1-ubyte.gz")
                        + ": trailing bytes after IDX data: expected 2 bytes of data, found 4",
                failure("trailing-gzip-idx1-ubyte.gz", 1));
    }

    @Test
    void namedGzButNotGzip() {
        assertEquals(
                fixture("not-gzip-idx1-ubyte.gz")
                        + " is named .gz but is not gzip: expected first bytes 1f 8b, found 00 00",
                failure("not-gzip-idx1-ubyte.gz", 1));
    }

    @Test
    void zeroItems() {
        assertEquals(
                fixture("zero-items-idx1-ubyte") + ": no items: expected at least 1 item, found 0",
                failure("zero-items-idx1-ubyte", 1));
    }

    @Test
    void corruptGzip() {
        String message = failure("truncated-gzip-idx3-ubyte.gz", 3);
        assertTrue(
                message.startsWith(
                        fixture("truncated-gzip-idx3-ubyte.gz") + ": corrupt gzip data: "),
                message);
    }

    @Test
    void missingFile() {
        Path missing = fixture("labels-idx1-ubyte").resolveSibling("no-such-file");
        DataUnavailableException e =
                assertThrows(DataUnavailableException.class, () -> IdxReader.read(missing, 1));
        assertTrue(e.getMessage().startsWith(missing + ": cannot read: "), e.getMessage());
    }

    @Test
    void aRawHeaderClaimingMoreThanTheFileHoldsIsRefusedBeforeAllocating() {
        // 30 bytes claiming 2,000,000,000 items: allocating first was an OutOfMemoryError
        assertEquals(
                fixture("huge-claim-idx1-ubyte")
                        + ": truncated IDX data: expected 2000000000 bytes of data (dimensions"
                        + " [2000000000]), found 22 in a file of 30 bytes",
                failure("huge-claim-idx1-ubyte", 1));
    }

    @Test
    void aGzipHeaderClaimingMoreThanTheLimitIsRefusedBeforeReading() {
        assertEquals(
                fixture("huge-claim-idx1-ubyte.gz")
                        + ": IDX data too large: expected at most "
                        + IdxReader.MAX_DATA_BYTES
                        + " bytes of data, found 2000000000 bytes of data (dimensions"
                        + " [2000000000]) in a gzip file of 30 bytes",
                failure("huge-claim-idx1-ubyte.gz", 1));
    }

    @Test
    void dimensionsWhoseProductOverflowsALongAreReportedExactly() {
        // (2^32 - 1)^3 needs 96 bits: a long product would wrap around to a small size
        assertEquals(
                fixture("overflow-dims-idx3-ubyte")
                        + ": truncated IDX data: expected 79228162458924105385300197375 bytes of"
                        + " data (dimensions [4294967295, 4294967295, 4294967295]), found 4 in a"
                        + " file of 20 bytes",
                failure("overflow-dims-idx3-ubyte", 3));
    }

    @Test
    void aGzipStreamShorterThanItsHeaderClaimsIsTruncated() {
        // a claim of exactly the limit is allowed: the stream is read, and found short
        assertEquals(
                fixture("short-gzip-idx1-ubyte.gz")
                        + ": truncated IDX data: expected 100000000 bytes of data (dimensions"
                        + " [100000000]), found 3 after decompression",
                failure("short-gzip-idx1-ubyte.gz", 1));
    }
}
