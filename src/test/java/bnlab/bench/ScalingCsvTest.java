package bnlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scaling table's file format, merging and errors, without running any step. */
class ScalingCsvTest {

    private static final String HEADER = String.join(",", ScalingCsv.COLUMNS);

    @TempDir Path temp;

    private static ScalingPoint point(String engine, int threads, int batch, double stepMs) {
        return new ScalingPoint(
                engine,
                "concise",
                threads,
                batch,
                1,
                2,
                stepMs,
                stepMs,
                batch * 1e3 / stepMs,
                300,
                310);
    }

    @Test
    void mergeReplacesTheSameSettingKeepsTheRestAndSortsAndReadsBackExactly() throws Exception {
        Path csv = temp.resolve("s.csv");
        ScalingCsv.merge(csv, List.of(point("pytorch", 1, 32, 7.0), point("bnlab", 2, 16, 3.0)));
        List<ScalingPoint> all =
                ScalingCsv.merge(
                        csv, List.of(point("bnlab", 2, 16, 2.5), point("bnlab", 1, 64, 1.0 / 3)));
        List<ScalingPoint> expected =
                List.of(
                        point("bnlab", 1, 64, 1.0 / 3),
                        point("bnlab", 2, 16, 2.5),
                        point("pytorch", 1, 32, 7.0));
        assertEquals(expected, all);
        assertEquals(expected, ScalingCsv.read(csv));
        assertEquals(HEADER, Files.readAllLines(csv).get(0));
    }

    @Test
    void aMissingFileHasNoPoints() throws Exception {
        assertEquals(List.of(), ScalingCsv.read(temp.resolve("none.csv")));
    }

    @Test
    void badLinesNameTheFileAndLine() throws Exception {
        Path csv = temp.resolve("bad.csv");
        Files.writeString(csv, HEADER + "\nbnlab,concise,1,16,1,2,fast,1,1,1,1\n");
        ScalingCsvException e = assertThrows(ScalingCsvException.class, () -> ScalingCsv.read(csv));
        assertTrue(e.getMessage().startsWith(csv + " line 2: "), e.getMessage());
        Files.writeString(csv, HEADER + "\nbnlab,concise,1\n");
        e = assertThrows(ScalingCsvException.class, () -> ScalingCsv.read(csv));
        assertEquals(csv + " line 2 has 3 cells, expected 11", e.getMessage());
        Files.writeString(csv, HEADER + "\nbnlab,concise,0,16,1,2,1,1,1,1,1\n");
        e = assertThrows(ScalingCsvException.class, () -> ScalingCsv.read(csv));
        assertTrue(
                e.getMessage().contains("threads, batchSize and steps must be >= 1"),
                e.getMessage());
    }
}
