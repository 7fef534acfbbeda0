package bnlab.study;

import bnlab.errors.Advice;
import bnlab.io.AtomicFiles;
import bnlab.io.DirectoryClaim;
import bnlab.train.EpochMetrics;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A study's output directory: {@code study.json} (what is being run, to refuse a directory of
 * another study or other settings), {@code runs.csv} (one row per finished network) and {@code
 * epochs.csv} (their per-epoch figures). Every save rewrites both CSV files atomically, epochs.csv
 * first: runs.csv is the record of what is done, and epoch rows of a network missing from it
 * (killed between the two writes) are dropped on reading.
 */
final class StudyDirectory {

    static final String STUDY_JSON = "study.json";
    static final String RUNS_CSV = "runs.csv";
    static final String EPOCHS_CSV = "epochs.csv";
    static final List<String> EPOCH_COLUMNS =
            List.of("config", "seed", "epoch", "loss", "train_acc", "test_acc", "seconds");

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final Path dir;
    private final Study study;
    private final StudyPlan plan;
    private final Map<String, String> identity;

    StudyDirectory(Path dir, Study study, StudyPlan plan, Map<String, String> settings) {
        this.dir = dir;
        this.study = study;
        this.plan = plan;
        this.identity = identity(study, plan, settings);
    }

    /** What makes two runs of a study the same: study, plan, configurations, measures, settings. */
    static Map<String, String> identity(Study study, StudyPlan plan, Map<String, String> settings) {
        Map<String, String> id = new LinkedHashMap<>();
        id.put("study", study.name());
        id.put("seeds", Integer.toString(plan.seeds()));
        id.put("epochs", Integer.toString(plan.epochs()));
        id.put("limitBatches", String.valueOf(plan.limitBatches()));
        id.put(
                "configs",
                String.join(",", study.configs().stream().map(StudyConfig::name).toList()));
        for (StudyConfig c : study.configs()) {
            c.settings().forEach((k, v) -> id.put("config." + c.name() + "." + k, v));
        }
        id.put("measures", String.join(",", study.measures()));
        settings.forEach((k, v) -> id.put("settings." + k, v));
        return id;
    }

    /**
     * Creates the directory or checks that it holds this very study, and returns the networks it
     * already holds.
     */
    List<StudyRun> open() throws IOException, StudyDirectoryException {
        Path json = dir.resolve(STUDY_JSON);
        if (Files.isRegularFile(json)) {
            checkSame(json);
            return readRuns();
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new StudyDirectoryException(
                    dir + " is a file, not a directory", outputAdvice(": choose another "));
        }
        if (Files.isDirectory(dir) && hasVisibleFiles()) {
            throw new StudyDirectoryException(
                    dir + " is not empty and holds no " + STUDY_JSON,
                    outputAdvice(": choose a new or empty "));
        }
        Files.createDirectories(dir);
        AtomicFiles.write(json, (GSON.toJson(identity) + "\n").getBytes(StandardCharsets.UTF_8));
        return List.of();
    }

    /** Saves {@code runs} (every network finished so far), epochs first, then the runs. */
    void save(List<StudyRun> runs) throws IOException {
        StringBuilder epochs = new StringBuilder(String.join(",", EPOCH_COLUMNS)).append('\n');
        for (StudyRun r : runs) {
            for (EpochMetrics m : r.epochs()) {
                epochs.append(
                        Csv.row(
                                r.config(),
                                Long.toString(r.seed()),
                                Integer.toString(m.epoch()),
                                Csv.number(m.loss()),
                                Csv.number(m.trainAccuracy()),
                                Csv.number(m.testAccuracy()),
                                Csv.number(m.seconds())));
            }
        }
        AtomicFiles.write(
                dir.resolve(EPOCHS_CSV), epochs.toString().getBytes(StandardCharsets.UTF_8));
        StringBuilder rows = new StringBuilder(String.join(",", runColumns())).append('\n');
        for (StudyRun r : runs) {
            List<String> cells = new ArrayList<>(List.of(r.config(), Long.toString(r.seed())));
            for (String m : runColumns().subList(2, runColumns().size())) {
                cells.add(Csv.number(r.value(m)));
            }
            rows.append(Csv.row(cells.toArray(String[]::new)));
        }
        AtomicFiles.write(dir.resolve(RUNS_CSV), rows.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The columns of runs.csv: config, seed, loss, train_acc, test_acc, the extra measures. */
    List<String> runColumns() {
        List<String> columns = new ArrayList<>(List.of("config", "seed"));
        columns.addAll(Measures.STANDARD);
        columns.addAll(study.measures());
        return columns;
    }

    /** Advice that names the study's output directory, the one setting a refusal can change. */
    static Advice outputAdvice(String before) {
        return new Advice(before, DirectoryClaim.OUTPUT_DIRECTORY, "");
    }

    private boolean hasVisibleFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            // hidden *.part files are a killed write's leftovers, not content
            return files.anyMatch(p -> !p.getFileName().toString().startsWith("."));
        }
    }

    private void checkSame(Path json) throws IOException, StudyDirectoryException {
        Map<String, String> stored;
        try {
            stored =
                    GSON.fromJson(
                            Files.readString(json),
                            new TypeToken<Map<String, String>>() {}.getType());
        } catch (JsonParseException e) {
            throw new StudyDirectoryException(
                    json + " is not a study description: " + e.getMessage());
        }
        if (stored == null) {
            throw new StudyDirectoryException(json + " is empty");
        }
        if (!study.name().equals(stored.get("study"))) {
            throw new StudyDirectoryException(
                    dir + " holds study '" + stored.get("study") + "', not '" + study.name() + "'",
                    outputAdvice(": choose another "));
        }
        for (String key : identity.keySet()) {
            checkKey(stored, key);
        }
        for (String key : stored.keySet()) {
            checkKey(stored, key);
        }
    }

    private void checkKey(Map<String, String> stored, String key) throws StudyDirectoryException {
        String was = stored.get(key);
        String now = identity.get(key);
        if (was == null ? now != null : !was.equals(now)) {
            throw new StudyDirectoryException(
                    dir
                            + " holds study "
                            + study.name()
                            + " run with "
                            + key
                            + "="
                            + was
                            + ", not "
                            + key
                            + "="
                            + now,
                    outputAdvice(": continue it with the same settings or choose another "));
        }
    }

    private List<StudyRun> readRuns() throws IOException, StudyDirectoryException {
        Path runsFile = dir.resolve(RUNS_CSV);
        if (!Files.isRegularFile(runsFile)) {
            return List.of();
        }
        Map<String, List<EpochMetrics>> epochs = readEpochs();
        List<String[]> rows = Csv.read(runsFile, runColumns());
        List<StudyRun> runs = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String[] row : rows) {
            String config = row[0];
            if (study.configs().stream().noneMatch(c -> c.name().equals(config))) {
                throw new StudyDirectoryException(
                        runsFile
                                + " holds configuration "
                                + config
                                + ", which study "
                                + study.name()
                                + " lacks");
            }
            long seed = Csv.seed(runsFile, row[1], plan.seeds());
            if (!seen.add(config + "/" + seed)) {
                throw new StudyDirectoryException(
                        runsFile + " holds " + config + " seed " + seed + " twice");
            }
            Map<String, Double> measures = new LinkedHashMap<>();
            for (int i = 0; i < study.measures().size(); i++) {
                measures.put(study.measures().get(i), Csv.parse(runsFile, row[5 + i]));
            }
            runs.add(
                    new StudyRun(
                            config,
                            seed,
                            Csv.parse(runsFile, row[2]),
                            Csv.parse(runsFile, row[3]),
                            Csv.parse(runsFile, row[4]),
                            measures,
                            epochs.getOrDefault(config + "/" + seed, List.of())));
        }
        return runs;
    }

    private Map<String, List<EpochMetrics>> readEpochs()
            throws IOException, StudyDirectoryException {
        Path file = dir.resolve(EPOCHS_CSV);
        Map<String, List<EpochMetrics>> epochs = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return epochs;
        }
        for (String[] row : Csv.read(file, EPOCH_COLUMNS)) {
            EpochMetrics m;
            try {
                m =
                        new EpochMetrics(
                                Integer.parseInt(row[2]),
                                Csv.parse(file, row[3]),
                                Csv.parse(file, row[4]),
                                Csv.parse(file, row[5]),
                                Csv.parse(file, row[6]));
            } catch (IllegalArgumentException e) {
                throw new StudyDirectoryException(file + " has a bad row: " + e.getMessage());
            }
            epochs.computeIfAbsent(row[0] + "/" + row[1], k -> new ArrayList<>()).add(m);
        }
        return epochs;
    }
}
