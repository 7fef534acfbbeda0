package bnlab.bench;

import bnlab.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The cost-growth table: one {@link ScalingPoint} a line under a header, comma separated, numbers
 * as Java prints doubles. {@code bnlab bench --scaling} and bench/scaling.sh (for PyTorch's rows)
 * add to the same file, so measurements of several processes (one per thread count, or per point
 * for clean memory figures) end up in one table.
 */
public final class ScalingCsv {

    /** The header line's columns, in order. */
    public static final List<String> COLUMNS =
            List.of(
                    "engine",
                    "variant",
                    "threads",
                    "batch_size",
                    "warmup",
                    "steps",
                    "step_ms",
                    "step_p90_ms",
                    "examples_per_s",
                    "rss_mib",
                    "peak_rss_mib");

    private ScalingCsv() {}

    /** The points of {@code file}; none if it does not exist. */
    public static List<ScalingPoint> read(Path file) throws IOException {
        List<ScalingPoint> points = new ArrayList<>();
        if (!Files.exists(file)) {
            return points;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String header = String.join(",", COLUMNS);
        if (lines.isEmpty() || !lines.get(0).equals(header)) {
            throw new ScalingCsvException(
                    file + ": not a scaling table: its first line must be '" + header + "'");
        }
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                points.add(parse(file, i + 1, lines.get(i)));
            }
        }
        return points;
    }

    /**
     * Writes {@code added} into {@code file} (whole or not at all): they replace the points of the
     * same setting already there, the others stay; rows are sorted by engine, variant, threads and
     * batch size.
     *
     * @return every point now in the file
     */
    public static List<ScalingPoint> merge(Path file, List<ScalingPoint> added) throws IOException {
        List<ScalingPoint> points = new ArrayList<>();
        for (ScalingPoint old : read(file)) {
            if (added.stream().noneMatch(old::sameSetting)) {
                points.add(old);
            }
        }
        points.addAll(added);
        points.sort(
                Comparator.comparing(ScalingPoint::engine)
                        .thenComparing(ScalingPoint::variant)
                        .thenComparingInt(ScalingPoint::threads)
                        .thenComparingInt(ScalingPoint::batchSize));
        StringBuilder text = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (ScalingPoint p : points) {
            text.append(
                    String.join(
                            ",",
                            p.engine(),
                            p.variant(),
                            Integer.toString(p.threads()),
                            Integer.toString(p.batchSize()),
                            Integer.toString(p.warmup()),
                            Integer.toString(p.steps()),
                            Double.toString(p.stepMs()),
                            Double.toString(p.stepP90Ms()),
                            Double.toString(p.examplesPerSecond()),
                            Double.toString(p.residentMiB()),
                            Double.toString(p.peakResidentMiB())));
            text.append('\n');
        }
        AtomicFiles.write(file.toAbsolutePath(), text.toString().getBytes(StandardCharsets.UTF_8));
        return points;
    }

    private static ScalingPoint parse(Path file, int lineNumber, String line) {
        String[] cells = line.split(",", -1);
        String where = file + " line " + lineNumber;
        if (cells.length != COLUMNS.size()) {
            throw new ScalingCsvException(
                    where + " has " + cells.length + " cells, expected " + COLUMNS.size());
        }
        try {
            return new ScalingPoint(
                    cells[0],
                    cells[1],
                    Integer.parseInt(cells[2]),
                    Integer.parseInt(cells[3]),
                    Integer.parseInt(cells[4]),
                    Integer.parseInt(cells[5]),
                    Double.parseDouble(cells[6]),
                    Double.parseDouble(cells[7]),
                    Double.parseDouble(cells[8]),
                    Double.parseDouble(cells[9]),
                    Double.parseDouble(cells[10]));
        } catch (IllegalArgumentException e) {
            // NumberFormatException included: a cell that is not a number where one belongs
            throw new ScalingCsvException(where + ": " + e.getMessage());
        }
    }
}
