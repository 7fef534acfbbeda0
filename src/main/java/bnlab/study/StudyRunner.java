package bnlab.study;

import bnlab.errors.Advice;
import bnlab.io.DirectoryClaim;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trains every (configuration, seed) pair of a study through a {@link NetworkTrainer}, one after
 * another in this JVM, saving each network's row as soon as it finishes, then writes the summary,
 * charts, report and answer ({@link StudyOutputs}).
 *
 * <p>Seeds go in the outer loop, so a study stopped part-way has compared every configuration at
 * the seeds it reached. Started again on the same directory, it skips the pairs already in {@code
 * runs.csv}; a directory of another study or other settings is refused.
 */
public final class StudyRunner {

    private final Study study;
    private final StudyPlan plan;
    private final Map<String, String> settings;
    private final NetworkTrainer trainer;
    private final StopCheck stop;
    private final StudyListener listener;

    /**
     * A runner of {@code study}.
     *
     * @param plan seeds, epochs and batches
     * @param settings the trainer's settings shared by every network (batch size, optimizer, …):
     *     recorded in the directory, reported, and required to match when continuing
     * @param trainer trains one network
     * @param stop asked before each network (the trainer asks between epochs)
     * @param listener told of the progress
     */
    public StudyRunner(
            Study study,
            StudyPlan plan,
            Map<String, String> settings,
            NetworkTrainer trainer,
            StopCheck stop,
            StudyListener listener) {
        this.study = study;
        this.plan = plan;
        this.settings = new LinkedHashMap<>(settings);
        this.trainer = trainer;
        this.stop = stop;
        this.listener = listener;
    }

    /**
     * Runs (or continues) the study in {@code dir} and writes its outputs there.
     *
     * @return the results of every network
     * @throws StudyDirectoryException if {@code dir} holds something else than this study
     * @throws StudyStoppedException if a stop was requested; the finished networks are saved
     * @throws Exception what the trainer threw; the finished networks are saved
     */
    public StudyResults run(Path dir) throws Exception {
        StudyDirectory directory = new StudyDirectory(dir, study, plan, settings);
        List<StudyRun> runs = new ArrayList<>(directory.open());
        int total = plan.seeds() * study.configs().size();
        if (!runs.isEmpty()) {
            listener.resumed(runs.size(), total);
        }
        Set<String> done = new HashSet<>();
        runs.forEach(r -> done.add(key(r.config(), r.seed())));
        int index = 0;
        for (long seed = 1; seed <= plan.seeds(); seed++) {
            for (StudyConfig config : study.configs()) {
                index++;
                if (done.contains(key(config.name(), seed))) {
                    continue;
                }
                if (stop.requested()) {
                    throw stopped(dir, runs.size(), total);
                }
                listener.started(config, seed, index, total);
                RunOutcome outcome;
                try {
                    outcome =
                            trainer.train(
                                    new TrainingRequest(
                                            config,
                                            seed,
                                            plan.epochs(),
                                            plan.limitBatches(),
                                            study.measures(),
                                            stop));
                } catch (StudyStoppedException e) {
                    throw stopped(dir, runs.size(), total);
                }
                if (!outcome.measures().keySet().equals(new HashSet<>(study.measures()))) {
                    throw new IllegalStateException(
                            "the trainer measured "
                                    + outcome.measures().keySet()
                                    + " for "
                                    + config.name()
                                    + ", study "
                                    + study.name()
                                    + " records "
                                    + study.measures());
                }
                StudyRun run = StudyRun.of(config.name(), seed, outcome);
                runs.add(run);
                directory.save(runs);
                listener.finished(run, index, total);
            }
        }
        StudyResults results = StudyResults.of(study, plan, settings, runs);
        StudyOutputs.write(dir, results);
        return results;
    }

    private static String key(String config, long seed) {
        return config + "/" + seed;
    }

    private static StudyStoppedException stopped(Path dir, int done, int total) {
        return new StudyStoppedException(
                "stopped with " + done + " of " + total + " networks saved in " + dir,
                new Advice(
                        "; run the same command with ",
                        DirectoryClaim.OUTPUT_DIRECTORY,
                        " " + dir + " to continue"));
    }
}
