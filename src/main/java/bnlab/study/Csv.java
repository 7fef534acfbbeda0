package bnlab.study;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The study's CSV files: comma-separated, a header line, no quoting (names are restricted so that
 * none is needed), numbers as Java prints doubles, so that they read back exactly ({@code NaN} and
 * {@code Infinity} included).
 */
final class Csv {

    private Csv() {}

    /** {@code cells} as one line, with its line break. */
    static String row(String... cells) {
        return String.join(",", cells) + "\n";
    }

    /** A number as it is written: exact, {@code NaN} or {@code Infinity} for non-finite ones. */
    static String number(double value) {
        return Double.toString(value);
    }

    /** The rows of {@code file} after its header, which must be {@code columns}. */
    static List<String[]> read(Path file, List<String> columns)
            throws IOException, StudyDirectoryException {
        List<String> lines = Files.readAllLines(file);
        String header = String.join(",", columns);
        if (lines.isEmpty() || !lines.get(0).equals(header)) {
            throw new StudyDirectoryException(
                    file
                            + " has header '"
                            + (lines.isEmpty() ? "" : lines.get(0))
                            + "', expected '"
                            + header
                            + "'");
        }
        List<String[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isEmpty()) {
                continue;
            }
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length != columns.size()) {
                throw new StudyDirectoryException(
                        file
                                + " line "
                                + (i + 1)
                                + " has "
                                + cells.length
                                + " cells, expected "
                                + columns.size());
            }
            rows.add(cells);
        }
        return rows;
    }

    /** A number cell of {@code file}. */
    static double parse(Path file, String cell) throws StudyDirectoryException {
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new StudyDirectoryException(file + " has '" + cell + "' where a number belongs");
        }
    }

    /** A seed cell of {@code file}, which must be in 1..{@code seeds}. */
    static long seed(Path file, String cell, int seeds) throws StudyDirectoryException {
        try {
            long seed = Long.parseLong(cell);
            if (seed >= 1 && seed <= seeds) {
                return seed;
            }
        } catch (NumberFormatException e) {
            // reported below like an out-of-range seed
        }
        throw new StudyDirectoryException(
                file + " has seed '" + cell + "', expected 1 to " + seeds);
    }
}
