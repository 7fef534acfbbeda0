package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.studies.ChapterStudies;
import bnlab.studies.LeNetStudyTrainer;
import bnlab.study.Study;
import bnlab.study.StudyConfig;
import bnlab.study.StudyListener;
import bnlab.study.StudyOutputs;
import bnlab.study.StudyRunner;
import bnlab.study.StudyStoppedException;
import bnlab.testing.BnlabProcess;
import bnlab.testing.CommandRunner;
import bnlab.testing.RealData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bnlab study --quick} end to end on the real Fashion-MNIST: the files and their columns,
 * the answer printed last, continuing after a stop without training any network twice, and SIGTERM.
 */
@ExtendWith(RealData.class)
class StudyCommandIT {

    private static final Pattern PROGRESS =
            Pattern.compile(
                    "\\[(\\d+)/(\\d+)\\] ([a-z-]+), seed (\\d): test acc [0-9.]+, train acc"
                            + " [0-9.]+, loss [0-9.]+, [0-9.]+ s");

    @TempDir Path temp;

    @Test
    void aQuickStudyWritesEveryFileAndPrintsTheAnswerLast() throws Exception {
        Path dir = temp.resolve("dropout");
        CommandRunner r =
                CommandRunner.runLine("study dropout --quick --threads 1 --output {}", dir)
                        .assertSuccess();
        assertEquals("", r.err());
        Study study = ChapterStudies.named("dropout");
        int networks = study.quick().seeds() * study.configs().size();
        List<String> progress = r.out().lines().filter(l -> l.startsWith("[")).toList();
        assertEquals(networks, progress.size(), r.out());
        progress.forEach(l -> assertTrue(PROGRESS.matcher(l).matches(), l));

        StudyFiles.assertWritten(dir, "study.json", "train_acc_eval.png", "gap.png");
        List<String> runs = Files.readAllLines(dir.resolve("runs.csv"));
        assertEquals("config,seed,loss,train_acc,test_acc,train_acc_eval,gap", runs.get(0));
        assertEquals(networks, runs.size() - 1);
        for (String row : runs.subList(1, runs.size())) {
            String[] cells = row.split(",");
            double gap = Double.parseDouble(cells[5]) - Double.parseDouble(cells[4]);
            assertEquals(gap, Double.parseDouble(cells[6]), 1e-12, row);
        }
        List<String> summary = Files.readAllLines(dir.resolve("summary.csv"));
        assertEquals(String.join(",", StudyOutputs.summaryColumns(study)), summary.get(0));
        assertEquals(study.configs().size(), summary.size() - 1);
        assertEquals(
                "config,seed,epoch,loss,train_acc,test_acc,seconds",
                Files.readAllLines(dir.resolve("epochs.csv")).get(0));

        String md = Files.readString(dir.resolve("answer.md"));
        String answer = md.substring(md.indexOf("## Answer\n\n") + "## Answer\n\n".length());
        assertTrue(answer.strip().length() > 100, md);
        assertTrue(
                r.out().endsWith("Answer (dropout):\n" + answer),
                "the answer comes last:\n" + r.out());
    }

    @Test
    void aStoppedStudyContinuesWithoutTrainingAnyNetworkTwice() throws Exception {
        Path dir = temp.resolve("bias");
        Study study = ChapterStudies.named("bias");
        // Armed when network 3 starts; its first ask (before epoch 1) passes, the second (after
        // batch 1) stops: the stop lands inside a network.
        AtomicBoolean armed = new AtomicBoolean();
        AtomicInteger asks = new AtomicInteger();
        StudyRunner runner =
                new StudyRunner(
                        study,
                        study.quick(),
                        LeNetStudyTrainer.sharedSettings(LeNetStudyTrainer.BATCH_SIZE),
                        new LeNetStudyTrainer(
                                RealData.fashionMnist(), LeNetStudyTrainer.BATCH_SIZE, 1),
                        () -> armed.get() && asks.incrementAndGet() > 1,
                        new StudyListener() {
                            @Override
                            public void started(
                                    StudyConfig config, long seed, int index, int total) {
                                armed.set(index == 3);
                            }
                        });
        StudyStoppedException stopped =
                assertThrows(StudyStoppedException.class, () -> runner.run(dir));
        assertEquals(
                "stopped with 2 of 6 networks saved in "
                        + dir
                        + "; run the same command with --output "
                        + dir
                        + " to continue",
                Messages.of(stopped));
        assertEquals(2, asks.get(), "stopped at the first batch boundary after arming");
        List<String> before = Files.readAllLines(dir.resolve("runs.csv"));
        assertEquals(3, before.size(), "header and the two finished networks");

        CommandRunner r = quickBiasStudy(dir).assertSuccess();
        assertTrue(r.out().contains("continuing: 2 of 6 networks are already in " + dir), r.out());
        List<Integer> trained =
                r.out()
                        .lines()
                        .map(PROGRESS::matcher)
                        .filter(Matcher::matches)
                        .map(m -> Integer.parseInt(m.group(1)))
                        .toList();
        assertEquals(List.of(3, 4, 5, 6), trained, r.out());
        List<String> after = Files.readAllLines(dir.resolve("runs.csv"));
        assertEquals(7, after.size());
        assertEquals(before, after.subList(0, 3), "the saved networks are kept as they were");
    }

    @Test
    void sigtermStopsAtABatchSaysHowToContinueAndExits143() throws Exception {
        Path dir = temp.resolve("term");
        // 100 seeds of 24 networks: far more than the test waits for
        String err =
                BnlabProcess.startLine(
                                temp, "study lr --quick --seeds 100 --threads 1 --output {}", dir)
                        .terminateWhen(() -> Files.exists(dir.resolve("runs.csv")));
        Matcher m =
                Pattern.compile(
                                "bnlab: stopped with (\\d+) of 2400 networks saved in "
                                        + Pattern.quote(dir.toString())
                                        + "; run the same command with --output "
                                        + Pattern.quote(dir.toString())
                                        + " to continue")
                        .matcher(err);
        assertTrue(m.matches(), err);
        assertEquals(
                Integer.parseInt(m.group(1)) + 1,
                Files.readAllLines(dir.resolve("runs.csv")).size(),
                "runs.csv holds exactly the networks the message counts");
    }

    @Test
    void anOutputThatIsAFileIsRefusedUntouched() throws IOException {
        Path file = Files.writeString(temp.resolve("file"), "keep me");
        quickBiasStudy(file)
                .assertUsageError(
                        "study",
                        "--output " + file + " is a file, expected a new or empty directory");
        assertEquals("keep me", Files.readString(file));
    }

    @Test
    void aForeignDirectoryIsRefusedUntouched() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("foreign"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        expectRefused(
                dir, dir + " is not empty and holds no study.json: choose a new or empty --output");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("notes.txt")), files.toList());
        }
    }

    @Test
    void anotherStudysDirectoryIsRefused() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("lr-study"));
        Files.writeString(dir.resolve("study.json"), "{\"study\": \"lr\"}");
        expectRefused(dir, dir + " holds study 'lr', not 'bias': choose another --output");
    }

    /** Runs the quick bias study into {@code output}. */
    private static CommandRunner quickBiasStudy(Path output) {
        return CommandRunner.runLine("study bias --quick --threads 1 --output {}", output);
    }

    private static void expectRefused(Path output, String message) {
        CommandRunner r = quickBiasStudy(output);
        assertEquals(2, r.exitCode(), r.err());
        assertEquals("bnlab: " + message, r.err().strip());
    }
}
