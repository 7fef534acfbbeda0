package bnlab.data;

import java.nio.file.Path;

/**
 * The result of checking one file's MD5s against the expected values.
 *
 * @param file the file checked
 * @param expected expected MD5 of the .gz file, lowercase hex
 * @param actual MD5 of the .gz file found
 * @param expectedContent expected MD5 of the decompressed content
 * @param actualContent MD5 of the decompressed content found, or {@code null} when not computed
 *     because the .gz matched
 */
public record ChecksumCheck(
        Path file, String expected, String actual, String expectedContent, String actualContent) {

    /**
     * @return whether the .gz is the official one, or a recompressed copy of the official content
     */
    public boolean ok() {
        return archiveMatches()
                || (actualContent != null && expectedContent.equalsIgnoreCase(actualContent));
    }

    private boolean archiveMatches() {
        return expected.equalsIgnoreCase(actual);
    }

    /**
     * @return one line: "OK FILE MD5", "OK FILE: recompressed ..., content MD5 C" or "MISMATCH
     *     FILE: expected MD5 X (content C), found Y (content D)"
     */
    @Override
    public String toString() {
        if (archiveMatches()) {
            return "OK " + file + " " + actual;
        }
        if (ok()) {
            return "OK "
                    + file
                    + ": recompressed (MD5 "
                    + actual
                    + ", official "
                    + expected
                    + "), decompressed content has the official MD5 "
                    + actualContent;
        }
        return "MISMATCH "
                + file
                + ": expected MD5 "
                + expected
                + " (content "
                + expectedContent
                + "), found "
                + actual
                + " (content "
                + actualContent
                + ")";
    }
}
