package bnlab.report;

import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.run.RunDirectory;
import bnlab.run.SavedRun;
import bnlab.run.SavedRunException;
import bnlab.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What a saved run directory says about its run: the settings of {@code config.json} and the epochs
 * of {@code metrics.json} (both written by {@link RunDirectory}).
 *
 * @param dir the run directory
 * @param network the trained network
 * @param settings every setting as text, in file order; nested objects flattened to dotted keys
 *     ({@code versions.djl}), JSON null as {@code null}
 * @param epochs the completed epochs, at least one, in order
 */
public record RunSummary(
        Path dir, NetworkConfig network, Map<String, String> settings, List<EpochMetrics> epochs) {

    /** The {@code config.json} key of the data directory the run trained on. */
    public static final String DATA_DIR_KEY = "dataDir";

    /** Validates and copies. */
    public RunSummary {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(network, "network");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        epochs = List.copyOf(epochs);
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException(dir + ": the run has no completed epoch");
        }
    }

    /**
     * Reads the run in {@code dir}.
     *
     * @throws SavedRunException naming the path if it is not a readable run directory (checked as
     *     every reader of a run checks it: {@link SavedRun#open})
     */
    public static RunSummary read(Path dir) {
        SavedRun run = SavedRun.open(dir);
        return new RunSummary(dir, run.network(), run.config().flattened(), run.metrics());
    }

    /**
     * Reads the runs named on a command line: each path is a run directory, or a directory whose
     * subdirectories are runs (the output of {@code bnlab compare}), read with the presets first in
     * their order, then the other networks in directory order.
     *
     * @throws IllegalArgumentException naming the first path that is neither, or a run named twice
     */
    public static List<RunSummary> readAll(List<Path> paths) throws IOException {
        List<RunSummary> runs = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.isDirectory(path) || isRun(path)) {
                runs.add(read(path));
                continue;
            }
            List<RunSummary> children = new ArrayList<>();
            try (Stream<Path> entries = Files.list(path)) {
                for (Path child : (Iterable<Path>) entries.sorted()::iterator) {
                    if (Files.isDirectory(child) && isRun(child)) {
                        children.add(read(child));
                    }
                }
            }
            if (children.isEmpty()) {
                throw new IllegalArgumentException(
                        path
                                + ": no "
                                + RunDirectory.METRICS_JSON
                                + "; expected a run directory or a compare output holding runs");
            }
            children.sort(
                    Comparator.comparingInt(
                            r ->
                                    r.network()
                                            .preset()
                                            .map(Variant::ordinal)
                                            .orElse(Variant.values().length)));
            runs.addAll(children);
        }
        Map<Path, Path> seen = new HashMap<>();
        for (RunSummary run : runs) {
            Path earlier = seen.putIfAbsent(run.dir().toRealPath(), run.dir());
            if (earlier != null) {
                throw new SavedRunException(
                        run.dir()
                                + (earlier.equals(run.dir())
                                        ? ""
                                        : " (the same as " + earlier + ")")
                                + " is given twice; name each run once");
            }
        }
        return runs;
    }

    /** The last completed epoch. */
    public EpochMetrics last() {
        return epochs.get(epochs.size() - 1);
    }

    /** The mean wall time of an epoch, in seconds. */
    public double meanEpochSeconds() {
        return epochs.stream().mapToDouble(EpochMetrics::seconds).average().orElseThrow();
    }

    /** The data directory the run trained on, or null if {@code config.json} does not say. */
    public Path dataDir() {
        String dir = settings.get(DATA_DIR_KEY);
        return dir == null || dir.equals("null") ? null : Path.of(dir);
    }

    private static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(RunDirectory.METRICS_JSON));
    }
}
