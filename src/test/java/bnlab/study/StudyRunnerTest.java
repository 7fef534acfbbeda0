package bnlab.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The study engine end to end with a {@link FakeTrainer}: files, values, resume, refusals. */
class StudyRunnerTest {

    private static final StudyPlan PLAN = new StudyPlan(3, 2, null);
    private static final Map<String, String> SETTINGS = Map.of("batchSize", "256");

    @TempDir Path temp;

    private static StudyRunner runner(Study study, NetworkTrainer trainer) {
        return new StudyRunner(study, PLAN, SETTINGS, trainer, StopCheck.NEVER, StudyListener.NONE);
    }

    @Test
    void writesRunsSummaryChartsReportAndAnswer() throws Exception {
        Path dir = temp.resolve("out");
        FakeTrainer trainer = new FakeTrainer();
        StudyResults results = runner(TestStudies.threeConfigs(), trainer).run(dir);

        // seeds in the outer loop: every configuration at seed 1 first
        assertEquals(
                List.of("a/1", "b/1", "c/1", "a/2", "b/2", "c/2", "a/3", "b/3", "c/3"),
                trainer.trained);
        assertEquals(9, results.runs().size());

        List<String> runs = Files.readAllLines(dir.resolve("runs.csv"));
        assertEquals("config,seed,loss,train_acc,test_acc,gap", runs.get(0));
        assertEquals(10, runs.size());
        String[] b2 = runs.get(5).split(",");
        assertEquals("b", b2[0]);
        assertEquals("2", b2[1]);
        assertEquals(1 - 0.62, Double.parseDouble(b2[2]), 1e-12);
        assertEquals(0.67, Double.parseDouble(b2[3]), 1e-12);
        assertEquals(0.62, Double.parseDouble(b2[4]), 1e-12);
        assertEquals(0.05, Double.parseDouble(b2[5]), 1e-12);

        List<String> summary = Files.readAllLines(dir.resolve("summary.csv"));
        assertEquals(
                "config,n,test_acc_mean,test_acc_std,test_acc_ci_low,test_acc_ci_high,"
                        + "train_acc_mean,train_acc_std,train_acc_ci_low,train_acc_ci_high,"
                        + "loss_mean,loss_std,loss_ci_low,loss_ci_high,"
                        + "gap_mean,gap_std,gap_ci_low,gap_ci_high",
                summary.get(0));
        assertEquals(4, summary.size());
        String[] a = summary.get(1).split(",");
        // test accuracies 0.51, 0.52, 0.53: mean 0.52, s = 0.01, half width 4.303 * 0.01 / sqrt(3)
        assertEquals("a", a[0]);
        assertEquals("3", a[1]);
        assertEquals(0.52, Double.parseDouble(a[2]), 1e-12);
        assertEquals(0.01, Double.parseDouble(a[3]), 1e-12);
        assertEquals(0.52 - 0.0248414, Double.parseDouble(a[4]), 1e-7);
        assertEquals(0.52 + 0.0248414, Double.parseDouble(a[5]), 1e-7);
        assertEquals(0.57, Double.parseDouble(a[6]), 1e-12);
        assertEquals(0.48, Double.parseDouble(a[10]), 1e-12);

        List<String> epochs = Files.readAllLines(dir.resolve("epochs.csv"));
        assertEquals("config,seed,epoch,loss,train_acc,test_acc,seconds", epochs.get(0));
        assertEquals(1 + 9 * 2, epochs.size());

        for (String png : List.of("test_acc.png", "gap.png", "test_acc_by_epoch.png")) {
            byte[] bytes = Files.readAllBytes(dir.resolve(png));
            assertTrue(bytes.length > 1000 && bytes[1] == 'P' && bytes[2] == 'N', png);
        }
        String answer = Files.readString(dir.resolve("answer.md"));
        assertTrue(answer.contains(TestStudies.QUESTION), answer);
        assertTrue(answer.contains("| a | 3 | 0 | 0.5200 [0.4952, 0.5448]"), answer);
        assertTrue(answer.contains("Highest mean test_acc: c"), answer);
        assertTrue(Files.readString(dir.resolve("report.html")).contains("Highest mean test_acc"));
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".part")));
        }
    }

    @Test
    void continuesAfterAKillWithoutTrainingAnyNetworkTwice() throws Exception {
        Path dir = temp.resolve("out");
        FakeTrainer first = new FakeTrainer(4);
        assertThrows(
                IllegalStateException.class,
                () -> runner(TestStudies.threeConfigs(), first).run(dir));
        assertEquals(1 + 4, Files.readAllLines(dir.resolve("runs.csv")).size());
        assertFalse(Files.exists(dir.resolve("summary.csv")));

        FakeTrainer second = new FakeTrainer();
        List<Integer> resumed = new ArrayList<>();
        StudyListener listener =
                new StudyListener() {
                    @Override
                    public void resumed(int done, int total) {
                        resumed.add(done);
                        resumed.add(total);
                    }
                };
        StudyResults results =
                new StudyRunner(
                                TestStudies.threeConfigs(),
                                PLAN,
                                SETTINGS,
                                second,
                                StopCheck.NEVER,
                                listener)
                        .run(dir);
        assertEquals(List.of("b/2", "c/2", "a/3", "b/3", "c/3"), second.trained);
        assertEquals(List.of(4, 9), resumed);
        assertEquals(9, results.runs().size());
        // the resumed networks' epochs were read back for the charts
        assertEquals(2, results.runs(("a")).get(0).epochs().size());
        assertEquals(0.52, results.summary("a").interval(Measures.TEST_ACC).mean(), 1e-12);
        assertEquals(1 + 9 * 2, Files.readAllLines(dir.resolve("epochs.csv")).size());
    }

    @Test
    void aNetworkMissingFromRunsCsvIsTrainedAgainAndItsEpochRowsReplaced() throws Exception {
        Path dir = temp.resolve("out");
        runner(TestStudies.threeConfigs(), new FakeTrainer()).run(dir);
        // as if killed between writing epochs.csv and runs.csv for c/3
        Path runsCsv = dir.resolve("runs.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(runsCsv));
        lines.remove(lines.size() - 1);
        Files.write(runsCsv, lines);

        FakeTrainer again = new FakeTrainer();
        runner(TestStudies.threeConfigs(), again).run(dir);
        assertEquals(List.of("c/3"), again.trained);
        assertEquals(1 + 9 * 2, Files.readAllLines(dir.resolve("epochs.csv")).size());
    }

    @Test
    void aStopBetweenNetworksSavesWhatIsDone() throws Exception {
        Path dir = temp.resolve("out");
        FakeTrainer trainer = new FakeTrainer();
        AtomicInteger finished = new AtomicInteger();
        StudyListener counter =
                new StudyListener() {
                    @Override
                    public void finished(StudyRun run, int index, int total) {
                        finished.incrementAndGet();
                    }
                };
        StopCheck afterTwo = () -> finished.get() >= 2;
        StudyRunner runner =
                new StudyRunner(
                        TestStudies.threeConfigs(), PLAN, SETTINGS, trainer, afterTwo, counter);
        StudyStoppedException e = assertThrows(StudyStoppedException.class, () -> runner.run(dir));
        assertEquals("stopped with 2 of 9 networks saved in " + dir, e.problem());
        assertEquals(
                "; run the same command with outputDirectory " + dir + " to continue",
                e.advice().toString());
        assertEquals(List.of("a/1", "b/1"), trainer.trained);
        assertEquals(3, Files.readAllLines(dir.resolve("runs.csv")).size());
        assertFalse(Files.exists(dir.resolve("summary.csv")));
    }

    @Test
    void aStopBetweenEpochsLosesOnlyThatNetwork() throws Exception {
        Path dir = temp.resolve("out");
        FakeTrainer trainer = new FakeTrainer();
        AtomicInteger checks = new AtomicInteger();
        // the runner asks once before each network, the trainer once per epoch: the 6th question
        // is the second epoch of the second network
        StopCheck sixth = () -> checks.incrementAndGet() >= 6;
        StudyRunner runner =
                new StudyRunner(
                        TestStudies.threeConfigs(),
                        PLAN,
                        SETTINGS,
                        trainer,
                        sixth,
                        StudyListener.NONE);
        assertThrows(StudyStoppedException.class, () -> runner.run(dir));
        assertEquals(List.of("a/1", "b/1"), trainer.trained);
        assertEquals(2, Files.readAllLines(dir.resolve("runs.csv")).size());
    }

    @Test
    void refusesADirectoryOfAnotherStudyOrOtherSettings() throws Exception {
        Path dir = temp.resolve("out");
        assertThrows(
                IllegalStateException.class,
                () -> runner(TestStudies.threeConfigs(), new FakeTrainer(2)).run(dir));
        FakeTrainer none = new FakeTrainer(0);

        Study other =
                TestStudies.builder(TestStudies.threeConfigs().configs()).setName("other").build();
        assertRefused(
                runner(other, none),
                dir,
                dir + " holds study 'toy', not 'other': choose another outputDirectory");
        assertRefused(
                new StudyRunner(
                        TestStudies.threeConfigs(),
                        new StudyPlan(3, 5, null),
                        SETTINGS,
                        none,
                        StopCheck.NEVER,
                        StudyListener.NONE),
                dir,
                dir
                        + " holds study toy run with epochs=2, not epochs=5:"
                        + " continue it with the same settings or choose another outputDirectory");
        assertRefused(
                runner(TestStudies.threeConfigs("0.9"), none),
                dir,
                dir
                        + " holds study toy run with config.c.acc=0.8, not config.c.acc=0.9:"
                        + " continue it with the same settings or choose another outputDirectory");
        assertRefused(
                new StudyRunner(
                        TestStudies.threeConfigs(),
                        PLAN,
                        Map.of(),
                        none,
                        StopCheck.NEVER,
                        StudyListener.NONE),
                dir,
                dir
                        + " holds study toy run with settings.batchSize=256, not"
                        + " settings.batchSize=null:"
                        + " continue it with the same settings or choose another outputDirectory");
        assertEquals(List.of(), none.trained);
    }

    @Test
    void refusesANonEmptyDirectoryThatIsNoStudy() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("busy"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertRefused(
                runner(TestStudies.threeConfigs(), new FakeTrainer(0)),
                dir,
                dir
                        + " is not empty and holds no study.json: choose a new or empty outputDirectory");
    }

    @Test
    void aTrainerMustReportExactlyTheStudysMeasures() {
        NetworkTrainer wrong = request -> RunOutcome.diverged(List.of(), Map.of("other", 1.0));
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () -> runner(TestStudies.threeConfigs(), wrong).run(temp.resolve("out")));
        assertEquals("the trainer measured [other] for a, study toy records [gap]", e.getMessage());
    }

    @Test
    void divergedNetworksAreMarkedNotFatal() throws Exception {
        Path dir = temp.resolve("out");
        StudyResults results = runner(TestStudies.withDiverging(), new FakeTrainer()).run(dir);
        ConfigSummary bad = results.summary("bad");
        assertEquals(3, bad.diverged());
        assertFalse(bad.interval(Measures.TEST_ACC).hasMean());
        assertTrue(
                Files.readAllLines(dir.resolve("runs.csv"))
                        .get(2)
                        .startsWith("bad,1,NaN,NaN,NaN,NaN"));
        assertTrue(
                Files.readAllLines(dir.resolve("summary.csv")).get(2).startsWith("bad,3,NaN,NaN"));
        assertTrue(Files.size(dir.resolve("test_acc.png")) > 1000);
        assertTrue(Files.size(dir.resolve("loss_by_epoch.png")) > 1000);
        assertTrue(
                Files.readString(dir.resolve("answer.md"))
                        .contains(
                                "Highest mean test_acc: ok, 0.7200 [0.6952, 0.7448]."
                                        + " Every other configuration's interval lies apart from (below)"
                                        + " it. Diverged, no mean: bad (3 of 3)."));
    }

    private static void assertRefused(StudyRunner runner, Path dir, String message) {
        StudyDirectoryException e =
                assertThrows(StudyDirectoryException.class, () -> runner.run(dir));
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
