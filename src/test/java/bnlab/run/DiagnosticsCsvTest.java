package bnlab.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.train.DiagnosticQuantity;
import bnlab.train.DiagnosticRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diagnostics.csv} written and read back, and what a damaged one says. */
class DiagnosticsCsvTest {

    @TempDir Path dir;

    @Test
    void rowsReadBackAsWritten() throws Exception {
        List<DiagnosticRow> rows =
                List.of(
                        new DiagnosticRow(1, 1, "conv1", DiagnosticQuantity.INPUT_MEAN, 0.125),
                        new DiagnosticRow(
                                11, 1, "fc3", DiagnosticQuantity.UPDATE_RATIO, 3.0517578E-5),
                        new DiagnosticRow(21, 2, "fc1", DiagnosticQuantity.GRAD_NORM, Double.NaN));
        DiagnosticsCsv.write(dir, rows);
        List<String> lines = Files.readAllLines(dir.resolve(DiagnosticsCsv.FILE));
        assertEquals(
                List.of(
                        "step,epoch,layer,quantity,value",
                        "1,1,conv1,input_mean,0.125",
                        "11,1,fc3,update_ratio,3.0517578E-5",
                        "21,2,fc1,grad_norm,NaN"),
                lines);
        assertEquals(rows, DiagnosticsCsv.read(dir));
        assertTrue(DiagnosticsCsv.exists(dir));
    }

    @Test
    void aRunWithoutTheFileHasNoRows() {
        assertEquals(List.of(), DiagnosticsCsv.read(dir));
    }

    @Test
    void aDamagedFileIsNamedWithItsLine() throws Exception {
        Path file = dir.resolve(DiagnosticsCsv.FILE);
        Files.writeString(file, DiagnosticsCsv.HEADER + "\n1,1,conv1,input_mean,0.5\n2,1,conv1\n");
        SavedRunException e = assertThrows(SavedRunException.class, () -> DiagnosticsCsv.read(dir));
        assertEquals(file + ": line 3: expected 5 cells, got 3", e.getMessage());
        Files.writeString(file, DiagnosticsCsv.HEADER + "\n1,1,conv1,speed,0.5\n");
        e = assertThrows(SavedRunException.class, () -> DiagnosticsCsv.read(dir));
        assertTrue(
                e.getMessage().startsWith(file + ": line 2: unknown quantity 'speed'"),
                e.getMessage());
        Files.writeString(file, "step,value\n");
        e = assertThrows(SavedRunException.class, () -> DiagnosticsCsv.read(dir));
        assertEquals(
                file
                        + ": line 1 is not the header '"
                        + DiagnosticsCsv.HEADER
                        + "'; not a diagnostics table",
                e.getMessage());
    }
}
