package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import bnlab.model.BatchNormBlock;
import bnlab.run.FineTuning;
import bnlab.run.SavedRun;
import bnlab.testing.CommandRunner;
import bnlab.testing.RealData;
import bnlab.testing.TinyRun;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --from RUN} with and without {@code --freeze-statistics} and {@code
 * --freeze-affine}, on a copy of the {@link TinyRun}: what is frozen stays as the source had it,
 * what is not moves, and a resumed fine-tuned run stays frozen.
 */
@ExtendWith(RealData.class)
class FineTuneCommandIT {

    @TempDir static Path temp;
    static Path source;

    @BeforeAll
    static void copyTheTinyRun() throws Exception {
        source = TinyRun.copy(temp.resolve("source"));
    }

    /** Fine-tunes the source run for one epoch of 3 batches into {@code out}, freezing as told. */
    private static CommandRunner fineTune(Path out, String... freezing) {
        return CommandRunner.runLine(
                        "train --from {} --epochs 1 --limit-batches 3 -q --output {} "
                                + String.join(" ", freezing),
                        source,
                        out)
                .assertSuccess();
    }

    /** Largest |difference| of a batch-norm parameter between two runs' last epochs, per layer. */
    private static double change(Path a, Path b, String parameter) {
        try (Model ma = SavedRun.open(a).loadModel();
                Model mb = SavedRun.open(b).loadModel()) {
            List<BatchNormBlock> la = BatchNormBlock.findAll(ma.getBlock());
            List<BatchNormBlock> lb = BatchNormBlock.findAll(mb.getBlock());
            double max = 0;
            for (int i = 0; i < la.size(); i++) {
                NDArray pa = value(la.get(i), parameter);
                NDArray pb = value(lb.get(i), parameter);
                max = Math.max(max, pa.sub(pb).abs().max().getFloat());
            }
            return max;
        }
    }

    private static NDArray value(BatchNormBlock bn, String parameter) {
        return switch (parameter) {
            case "gamma" -> bn.gamma();
            case "beta" -> bn.beta();
            case "runningMean" -> bn.runningMean();
            case "runningVar" -> bn.runningVar();
            default -> throw new IllegalArgumentException(parameter);
        };
    }

    @Test
    void withoutFreezingEverythingMoves() {
        Path out = temp.resolve("free");
        fineTune(out);
        assertTrue(change(source, out, "runningMean") > 0, "statistics moved");
        assertTrue(change(source, out, "gamma") > 0, "γ moved");
        assertTrue(change(source, out, "beta") > 0, "β moved");
    }

    @Test
    void frozenStatisticsStayWhileGammaLearnsAndAResumeKeepsThemFrozen() throws Exception {
        Path out = temp.resolve("stats");
        CommandRunner r = fineTune(out, "--freeze-statistics");
        assertTrue(r.out().startsWith("epoch 1, loss "), r.out());
        assertEquals(0.0, change(source, out, "runningMean"));
        assertEquals(0.0, change(source, out, "runningVar"));
        assertTrue(change(source, out, "gamma") > 0, "γ moved");
        JsonObject config =
                JsonParser.parseString(Files.readString(out.resolve("config.json")))
                        .getAsJsonObject();
        assertTrue(
                config.getAsJsonObject(SavedRun.SCRATCH_OPTIONS)
                        .get("freezeStatistics")
                        .getAsBoolean());
        JsonObject from = config.getAsJsonObject(FineTuning.FINE_TUNED_FROM);
        assertEquals(source.toAbsolutePath().normalize().toString(), from.get("run").getAsString());
        assertEquals(TinyRun.EPOCHS, from.get("epoch").getAsInt());

        CommandRunner.runLine("train --resume {} --epochs 2 -q", out).assertSuccess();
        assertEquals(2, SavedRun.open(out).lastEpoch());
        assertEquals(0.0, change(source, out, "runningMean"), "still frozen after --resume");
    }

    @Test
    void frozenGammaAndBetaStayWhileTheStatisticsMove() {
        Path out = temp.resolve("affine");
        CommandRunner r =
                CommandRunner.runLine(
                                "train --from {} --freeze-affine --epochs 1 --limit-batches 3"
                                        + " --output {}",
                                source,
                                out)
                        .assertSuccess();
        assertTrue(
                r.out()
                        .contains(
                                "fine-tuning "
                                        + source
                                        + " (epoch "
                                        + TinyRun.EPOCHS
                                        + "): statistics trained, γ and β frozen"),
                r.out());
        assertEquals(0.0, change(source, out, "gamma"));
        assertEquals(0.0, change(source, out, "beta"));
        assertTrue(change(source, out, "runningMean") > 0, "statistics moved");
    }

    @Test
    void bothFrozenKeepEveryBatchNormParameter() {
        Path out = temp.resolve("both");
        fineTune(out, "--freeze-statistics", "--freeze-affine");
        for (String p : List.of("gamma", "beta", "runningMean", "runningVar")) {
            assertEquals(0.0, change(source, out, p), p);
        }
    }

    @Test
    void freezingOptionsOutsideFineTuningAreUsageErrors() throws Exception {
        List<String> before = defaultRuns();
        CommandRunner.runLine("train --freeze-statistics --epochs 1")
                .assertUsageError(
                        "train",
                        "--freeze-statistics needs --from RUN_DIR: it freezes a trained run's"
                                + " layers");
        CommandRunner.runLine("train --from {} --variant concise", source)
                .assertUsageError(
                        "train",
                        "--variant cannot be combined with --from: a fine-tuned run is a new run"
                                + " of its source's network");
        assertEquals(before, defaultRuns(), "no default run directory was created");
    }

    /** The run directories under the default {@code runs/}, by name. */
    private static List<String> defaultRuns() throws Exception {
        Path runs = Path.of("runs");
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (var entries = Files.list(runs)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aRunWithoutFromScratchBatchNormCannotFreeze() {
        Path concise = TinyRun.train(temp.resolve("concise"), "concise", 2);
        CommandRunner.runLine("train --from {} --freeze-statistics", concise)
                .assertUsageError(
                        "train",
                        concise
                                + ": freezing needs from-scratch batch norm (norm=scratch at some"
                                + " site); its network is "
                                + SavedRun.open(concise).network());
    }
}
