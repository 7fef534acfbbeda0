package bnlab.run;

import bnlab.io.AtomicFiles;
import bnlab.train.DiagnosticQuantity;
import bnlab.train.DiagnosticRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The only reader and writer of a run's {@code diagnostics.csv} ({@code train --diagnostics}): a
 * header {@value #HEADER}, then one row per recorded value (a long table: step, epoch, layer,
 * quantity, value), rewritten whole at each epoch's checkpoint, atomically.
 */
public final class DiagnosticsCsv {

    /** The file's name in a run directory. */
    public static final String FILE = "diagnostics.csv";

    /** The header line. */
    public static final String HEADER = "step,epoch,layer,quantity,value";

    private DiagnosticsCsv() {}

    /** Replaces {@code runDir}'s {@value #FILE} with {@code rows}, atomically. */
    public static void write(Path runDir, List<DiagnosticRow> rows) throws IOException {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (DiagnosticRow r : rows) {
            csv.append(r.step())
                    .append(',')
                    .append(r.epoch())
                    .append(',')
                    .append(r.layer())
                    .append(',')
                    .append(r.quantity().csvName())
                    .append(',')
                    // the shortest text that reads back as the same float
                    .append(Float.toString((float) r.value()))
                    .append('\n');
        }
        AtomicFiles.write(runDir.resolve(FILE), csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code runDir} holds a {@value #FILE}. */
    public static boolean exists(Path runDir) {
        return Files.isRegularFile(runDir.resolve(FILE));
    }

    /**
     * The rows of {@code runDir}'s {@value #FILE}, or none if it has no such file.
     *
     * @throws SavedRunException naming the file and line if it is not such a table
     */
    public static List<DiagnosticRow> read(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SavedRunException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new SavedRunException(
                    file + ": line 1 is not the header '" + HEADER + "'; not a diagnostics table");
        }
        List<DiagnosticRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            try {
                if (cells.length != 5) {
                    throw new IllegalArgumentException("expected 5 cells, got " + cells.length);
                }
                rows.add(
                        new DiagnosticRow(
                                Long.parseLong(cells[0]),
                                Integer.parseInt(cells[1]),
                                cells[2],
                                DiagnosticQuantity.parse(cells[3]),
                                Double.parseDouble(cells[4])));
            } catch (IllegalArgumentException e) {
                throw new SavedRunException(file + ": line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }
}
