package bnlab.data;

import java.nio.file.Path;

/**
 * The result of checking one file's MD5 against the expected value.
 *
 * @param file the file checked
 * @param expected expected MD5, lowercase hex
 * @param actual MD5 found, lowercase hex
 */
public record ChecksumCheck(Path file, String expected, String actual) {

    /** @return whether the file's MD5 is the expected one */
    public boolean ok() {
        return expected.equalsIgnoreCase(actual);
    }

    /** @return one line: "OK FILE MD5" or "MISMATCH FILE: expected MD5 X, found Y" */
    @Override
    public String toString() {
        return ok() ? "OK " + file + " " + actual
                : "MISMATCH " + file + ": expected MD5 " + expected + ", found " + actual;
    }
}
