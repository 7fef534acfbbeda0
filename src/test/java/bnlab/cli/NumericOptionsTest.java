package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bnlab.testing.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every numeric option of every command has a documented range, checked before any work: a value
 * outside it (at each end, and the absurd values that once reached PyTorch or the chart library) is
 * one line on stderr naming the option, the value and the range, exit 2, and nothing written.
 */
class NumericOptionsTest {

    /** RUN stands for a saved run with one epoch, IMAGE for an image file. */
    private static final String RUN = "RUN";

    private static final String IMAGE = "IMAGE";

    @TempDir static Path temp;
    static Path run;
    static Path image;

    /**
     * A run directory as far as reading its settings goes: its last parameter file is there, as
     * every reader checks, but holds nothing loadable, since no option check may get that far.
     */
    @BeforeAll
    static void fakeRun() throws IOException {
        run = Files.createDirectories(temp.resolve("run"));
        Files.writeString(
                run.resolve("config.json"),
                "{\"variant\": \"scratch\", \"epochs\": 1, \"batchSize\": 256, \"learningRate\":"
                        + " 0.001, \"optimizer\": \"adam\", \"seed\": 42, \"limitBatches\": null,"
                        + " \"threads\": 1}");
        Files.writeString(
                run.resolve("metrics.json"),
                "{\"epochs\": [{\"epoch\": 1, \"loss\": 0.9, \"trainAccuracy\": 0.7,"
                        + " \"testAccuracy\": 0.8, \"seconds\": 7.0}]}");
        Files.writeString(run.resolve("lenet-0001.params"), "never loaded");
        image = Files.writeString(temp.resolve("shoe.png"), "never read");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "train --epochs 0                 | --epochs must be in 1..1000, got 0",
                "train --epochs 1001              | --epochs must be in 1..1000, got 1001",
                "train --batch-size 1             | --batch-size must be in 2..4096, got 1",
                "train --batch-size 2147483647    | --batch-size must be in 2..4096, got 2147483647",
                "train --lr 0                     | --lr must be a number in (0, 100], got 0.0",
                "train --lr -0.1                  | --lr must be a number in (0, 100], got -0.1",
                "train --lr 1e30                  | --lr must be a number in (0, 100], got 1.0E30",
                "train --lr NaN                   | --lr must be a number in (0, 100], got NaN",
                "train --lr Infinity              | --lr must be a number in (0, 100], got Infinity",
                "train --seed -1                  | --seed must be in 0..2147483647, got -1",
                "train --seed 2147483648          | --seed must be in 0..2147483647, got 2147483648",
                "train --limit-batches 0          | --limit-batches must be in 1..2147483647, got 0",
                "train --threads 0                | --threads must be in 1..256, got 0",
                "train --threads 100000           | --threads must be in 1..256, got 100000",
                "compare --epochs 1001            | --epochs must be in 1..1000, got 1001",
                "compare --batch-size 4097        | --batch-size must be in 2..4096, got 4097",
                "compare --lr 100.5               | --lr must be a number in (0, 100], got 100.5",
                "compare --seed -5                | --seed must be in 0..2147483647, got -5",
                "compare --limit-batches -1       | --limit-batches must be in 1..2147483647, got -1",
                "compare --threads 257            | --threads must be in 1..256, got 257",
                "train --diagnostics --every 0    | --every must be in 1..1000000000, got 0",
                "compare --diagnostics --every -1 | --every must be in 1..1000000000, got -1",
                "evaluate RUN --epoch 0           | --epoch must be in 1..1, got 0",
                "evaluate RUN --epoch 2           | --epoch must be in 1..1, got 2",
                "evaluate RUN --limit-batches 0   | --limit-batches must be in 1..2147483647, got 0",
                "evaluate RUN --threads 257       | --threads must be in 1..256, got 257",
                "evaluate RUN --batch-size 0      | --batch-size must be in 1..4096, got 0",
                "evaluate RUN --batch-size 4097   | --batch-size must be in 1..4096, got 4097",
                "recalibrate RUN --threads 0      | --threads must be in 1..256, got 0",
                "predict RUN IMAGE --epoch 0      | --epoch must be in 1..1, got 0",
                "predict RUN IMAGE --epoch 9      | --epoch must be in 1..1, got 9",
                "fold RUN --threads 0             | --threads must be in 1..256, got 0",
                "bench --warmup -1                | --warmup must be in 0..10000, got -1",
                "bench --warmup 10001             | --warmup must be in 0..10000, got 10001",
                "bench --steps 0                  | --steps must be in 1..100000, got 0",
                "bench --steps 100001             | --steps must be in 1..100000, got 100001",
                "bench --batch-size 1             | --batch-size must be in 2..4096, got 1",
                "bench --batch-size 2147483647    | --batch-size must be in 2..4096, got 2147483647",
                "bench --seed -1                  | --seed must be in 0..2147483647, got -1",
                "bench --threads 100000           | --threads must be in 1..256, got 100000",
                "bench --profile t.json --top 0   | --top must be in 1..1000, got 0",
                "bench --profile t.json --top 1001| --top must be in 1..1000, got 1001",
                "bench --inference --steps 0      | --steps must be in 1..100000, got 0",
                "bench --diagnostics --every 101  | --every must be in 1..100, got 101",
                "bench --scaling t.csv --batch-sizes 16,1    | --batch-sizes must be in 2..4096, got 1",
                "bench --scaling t.csv --batch-sizes 8192    | --batch-sizes must be in 2..4096, got 8192",
                "experiment paper-figure1 --steps 0            | --steps must be in 1..1000000, got 0",
                "experiment paper-figure1 --steps 1000001      | --steps must be in 1..1000000, got 1000001",
                "experiment paper-figure1 --every 0            | --every must be in 1..50000, got 0",
                "experiment paper-figure1 --steps 10 --every 11 | --every must be in 1..10, got 11",
                "experiment paper-figure1 --lr 0               | --lr must be a number in (0, 100], got 0.0",
                "experiment paper-figure1 --lr 1e30            | --lr must be a number in (0, 100], got 1.0E30",
                "experiment paper-figure1 --init-sigma 0       | --init-sigma must be a number in (0, 10], got 0.0",
                "experiment paper-figure1 --init-sigma 1e30    | --init-sigma must be a number in (0, 10], got 1.0E30",
                "experiment paper-figure1 --batch-size 1       | --batch-size must be in 2..4096, got 1",
                "experiment paper-figure1 --batch-size 5000    | --batch-size must be in 2..4096, got 5000",
                "experiment paper-figure1 --probe-images 0     | --probe-images must be in 1..10000, got 0",
                "experiment paper-figure1 --probe-images 10001 | --probe-images must be in 1..10000, got 10001",
                "experiment paper-figure1 --unit -1            | --unit must be in 0..99, got -1",
                "experiment paper-figure1 --unit 100           | --unit must be in 0..99, got 100",
                "experiment paper-figure1 --seed -1            | --seed must be in 0..2147483647, got -1",
                "experiment paper-figure1 --threads 0          | --threads must be in 1..256, got 0",
                "experiment paper-figure1 --threads 100000     | --threads must be in 1..256, got 100000",
                "experiment lr-sweep --epochs 0                | --epochs must be in 1..1000, got 0",
                "experiment lr-sweep --epochs 1001             | --epochs must be in 1..1000, got 1001",
                "experiment lr-sweep --lrs 1e10                | --lrs must be a number in (0, 100], got 1.0E10",
                "experiment lr-sweep --lrs 0.1,-1              | --lrs must be a number in (0, 100], got -1.0",
                "experiment lr-sweep --lrs 0.1,NaN             | --lrs must be a number in (0, 100], got NaN",
                "experiment lr-sweep --batch-size 1            | --batch-size must be in 2..4096, got 1",
                "experiment lr-sweep --limit-batches 0         | --limit-batches must be in 1..2147483647, got 0",
                "experiment lr-sweep --seed -1                 | --seed must be in 0..2147483647, got -1",
                "experiment lr-sweep --threads 257             | --threads must be in 1..256, got 257",
                "study bias --seeds 0             | --seeds must be in 1..100, got 0",
                "compare --seeds 0                | --seeds must be in 1..100, got 0",
                "compare --seeds 101              | --seeds must be in 1..100, got 101",
                "experiment lr-sweep --seeds 0    | --seeds must be in 1..100, got 0",
                "experiment lr-sweep --seeds 101  | --seeds must be in 1..100, got 101",
                "experiment paper-figure1 --seeds 0 | --seeds must be in 1..100, got 0",
                "experiment paper-figure1 --seeds 101 | --seeds must be in 1..100, got 101",
                "study bias --seeds 101           | --seeds must be in 1..100, got 101",
                "study bias --epochs 0            | --epochs must be in 1..1000, got 0",
                "study bias --epochs 1001         | --epochs must be in 1..1000, got 1001",
                "study bias --threads 0           | --threads must be in 1..256, got 0",
                "study bias --threads 257         | --threads must be in 1..256, got 257",
            })
    void aValueOutOfRangeIsAOneLineUsageErrorBeforeAnyWork(String line, String message)
            throws IOException {
        List<String> args = new ArrayList<>();
        for (String word : line.split(" +")) {
            args.add(
                    word.equals(RUN)
                            ? run.toString()
                            : word.equals(IMAGE) ? image.toString() : word);
        }
        String command =
                args.get(0).equals("experiment") ? "experiment " + args.get(1) : args.get(0);
        Path output = temp.resolve("out-" + Math.abs(line.hashCode()));
        Path json = temp.resolve("bench-" + Math.abs(line.hashCode()) + ".json");
        if (Stream.of("train", "compare", "fold", "recalibrate", "experiment", "study")
                .anyMatch(command::startsWith)) {
            args.addAll(List.of("--output", output.toString()));
        }
        if (command.equals("bench") && !args.contains("--profile") && !args.contains("--scaling")) {
            args.addAll(List.of("--json", json.toString()));
        }
        List<String> before = listing();

        CommandRunner.run(args.toArray(String[]::new)).assertUsageError(command, message);
        assertFalse(Files.exists(output));
        assertFalse(Files.exists(json));
        assertFalse(Files.exists(Path.of("t.json")));
        assertFalse(Files.exists(Path.of("t.csv")));
        assertEquals(before, listing(), "nothing is written");
    }

    private static final Pattern RANGE =
            Pattern.compile("(\\d+\\.\\.(\\d+|--steps|the run's last)|in \\(0, 10{1,2}])");

    static Stream<Arguments> numericOptions() {
        List<Arguments> all = new ArrayList<>();
        collect(BnlabCommand.newCommandLine(), all);
        return all.stream();
    }

    record Arguments(String command, String option, String description) {
        @Override
        public String toString() {
            return command + " " + option;
        }
    }

    /** Every option whose value is a number, of every command and subcommand. */
    private static void collect(CommandLine cmd, List<Arguments> into) {
        for (CommandLine.Model.OptionSpec option : cmd.getCommandSpec().options()) {
            Class<?> type = option.auxiliaryTypes()[0];
            if (Number.class.isAssignableFrom(type)
                    || (type.isPrimitive() && type != boolean.class)) {
                into.add(
                        new Arguments(
                                cmd.getCommandSpec().qualifiedName(),
                                option.longestName(),
                                String.join(" ", option.description())));
            }
        }
        cmd.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numericOptions")
    void everyNumericOptionStatesItsRangeInItsHelp(Arguments option) {
        Matcher m = RANGE.matcher(option.description());
        assertTrue(m.find(), option + ": " + option.description());
    }

    /** Every numeric option of every command is in the table above, so none goes unchecked. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("numericOptions")
    void everyNumericOptionHasAnOutOfRangeCase(Arguments option) throws Exception {
        CsvSource cases =
                NumericOptionsTest.class
                        .getDeclaredMethod(
                                "aValueOutOfRangeIsAOneLineUsageErrorBeforeAnyWork",
                                String.class,
                                String.class)
                        .getAnnotation(CsvSource.class);
        String command = option.command().replaceFirst("^bnlab ", "");
        assertTrue(
                Arrays.stream(cases.value())
                        .anyMatch(
                                c ->
                                        c.startsWith(command + " ")
                                                && c.split("\\|")[0].contains(
                                                        option.option() + " ")),
                option + " has no case");
    }

    private static List<String> listing() throws IOException {
        try (Stream<Path> files = Files.walk(temp)) {
            return files.map(Path::toString).sorted().toList();
        }
    }
}
