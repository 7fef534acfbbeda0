package bnlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import bnlab.data.FashionMnist;
import bnlab.fold.FoldCheck;
import bnlab.model.LeNet;
import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.nn.ScratchBatchNorm;
import bnlab.run.RunConfig;
import bnlab.run.RunDirectory;
import bnlab.run.SavedRun;
import bnlab.testing.CommandRunner;
import bnlab.testing.RealData;
import bnlab.testing.TinyRun;
import bnlab.train.BatchListener;
import bnlab.train.ClassifierTrainer;
import bnlab.train.EpochMetrics;
import bnlab.train.OptimizerKind;
import bnlab.train.TrainingConfig;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bnlab fold}: on the whole test split the folded plain LeNet gives the unfolded model's
 * logits within 1e-4 and the same accuracy, for a scratch run with non-default batch-norm options
 * and for a concise run; runs that cannot be folded are usage errors.
 */
@ExtendWith(RealData.class)
class FoldCommandIT {

    private static final double TOLERANCE = 1e-4;

    @TempDir static Path temp;
    static FashionMnist data;

    @BeforeAll
    static void locateData() {
        data = RealData.fashionMnist();
    }

    @Test
    void scratchWithoutAffineUnbiasedCumulativeFoldsExactly() throws Exception {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("affine", false);
        options.put("unbiasedRunningVariance", true);
        options.put("cumulativeAverage", true);
        Path run = temp.resolve("scratch");
        try (Model model =
                newModel(
                        Variant.SCRATCH,
                        ScratchBatchNorm.builder()
                                .optAffine(false)
                                .optUnbiasedRunningVariance(true)
                                .optCumulativeAverage())) {
            train(model, Variant.SCRATCH, run, options);
        }
        assertFoldsExactly(run);
    }

    @Test
    void conciseFoldsExactly() {
        assertFoldsExactly(TinyRun.train(temp.resolve("concise"), "concise", 12));
    }

    @Test
    void aPlainRunHasNothingToFold() throws Exception {
        Path run = temp.resolve("plain");
        try (Model model = newModel(Variant.PLAIN, null)) {
            initialiseAndSave(model, Variant.PLAIN, run, null);
        }
        String error = CommandRunner.runLine("fold {}", run).assertOneLineError(2);
        assertTrue(error.contains("nothing to fold"), error);
    }

    @Test
    void batchStatisticsInInferenceCannotBeFolded() throws Exception {
        Path run = temp.resolve("untracked");
        try (Model model =
                newModel(
                        Variant.SCRATCH,
                        ScratchBatchNorm.builder().optTrackRunningStatistics(false))) {
            initialiseAndSave(model, Variant.SCRATCH, run, Map.of("trackRunningStatistics", false));
        }
        CommandRunner r = CommandRunner.runLine("fold {}", run);
        assertEquals(2, r.exitCode(), r.out());
        assertTrue(r.err().contains("trackRunningStatistics=false"), r.err());
        assertTrue(Files.notExists(temp.resolve("untracked-folded")), "nothing written");
    }

    @Test
    void aNonEmptyOutputIsAUsageError() throws Exception {
        Path run = temp.resolve("scratch-default");
        try (Model model = newModel(Variant.SCRATCH, ScratchBatchNorm.builder())) {
            initialiseAndSave(model, Variant.SCRATCH, run, null);
        }
        Path busy = Files.createDirectories(temp.resolve("busy"));
        Files.writeString(busy.resolve("keep.txt"), "x");
        CommandRunner r = CommandRunner.runLine("fold {} --output {}", run, busy);
        assertEquals(2, r.exitCode(), r.out());
        assertTrue(r.err().contains("--output") && r.err().contains("not empty"), r.err());
    }

    /**
     * Folds with the command, then compares the written run with the source on all 10,000 images.
     */
    private static void assertFoldsExactly(Path run) {
        CommandRunner r = CommandRunner.runLine("fold {}", run).assertSuccess();
        Path folded = run.resolveSibling(run.getFileName() + "-folded");
        assertTrue(r.out().contains("run saved to " + folded), r.out());

        SavedRun source = SavedRun.open(run);
        SavedRun plain = SavedRun.open(folded);
        assertEquals(NetworkConfig.of(Variant.PLAIN), plain.network());
        assertEquals(source.metrics(), plain.metrics());
        FoldCheck check;
        try (Model unfolded = source.loadModel();
                Model loaded = plain.loadModel()) {
            check = FoldCheck.compare(unfolded, loaded, data.test(), 256);
        }
        assertEquals(10_000, check.images());
        assertTrue(
                check.maxAbsLogitDifference() <= TOLERANCE,
                "max |Δlogit| " + check.maxAbsLogitDifference());
        assertEquals(check.unfoldedCorrect(), check.foldedCorrect());

        JsonObject from =
                JsonParser.parseString(readConfig(folded))
                        .getAsJsonObject()
                        .getAsJsonObject(FoldCommand.FOLDED_FROM);
        assertEquals(source.network().label(), from.get("variant").getAsString());
        assertEquals(check.foldedAccuracy(), from.get("testAccuracy").getAsDouble(), 1e-12);

        // independently of FoldCheck: evaluate's own inference path on the folded run
        CommandRunner evaluate =
                CommandRunner.runLine("evaluate {} --json", folded).assertSuccess();
        assertEquals(
                check.foldedAccuracy(),
                JsonParser.parseString(evaluate.out())
                        .getAsJsonObject()
                        .get("accuracy")
                        .getAsDouble(),
                1e-12);
    }

    private static String readConfig(Path dir) {
        try {
            return Files.readString(dir.resolve(RunDirectory.CONFIG_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A LeNet of {@code variant}, its scratch batch-norm layers built by {@code scratch} if given.
     */
    private static Model newModel(Variant variant, ScratchBatchNorm.Builder scratch) {
        Model model = Model.newInstance(RunDirectory.MODEL_NAME);
        LeNet.Builder builder = LeNet.builder().setVariant(variant);
        if (scratch != null) {
            builder.optScratchBatchNorm(scratch::build);
        }
        model.setBlock(builder.build());
        return model;
    }

    /**
     * A few SGD steps at a high rate, so weights and moving statistics are far from their start.
     */
    private static void train(Model model, Variant variant, Path dir, Map<String, Object> options)
            throws Exception {
        TrainingConfig config =
                new TrainingConfig(
                        NetworkConfig.of(variant),
                        1,
                        256,
                        0.5f,
                        OptimizerKind.SGD,
                        7,
                        12,
                        Runtime.getRuntime().availableProcessors());
        EpochMetrics metrics;
        try (ClassifierTrainer trainer =
                new ClassifierTrainer(model, config, data.train(), data.test())) {
            metrics = trainer.trainEpoch(1, BatchListener.NONE);
        }
        save(model, variant, dir, options, metrics);
    }

    private static void initialiseAndSave(
            Model model, Variant variant, Path dir, Map<String, Object> options) throws Exception {
        model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, LeNet.inputShape(1));
        save(model, variant, dir, options, new EpochMetrics(1, 2.3, 0.1, 0.1, 1));
    }

    private static void save(
            Model model,
            Variant variant,
            Path dir,
            Map<String, Object> options,
            EpochMetrics metrics)
            throws Exception {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("variant", variant.cliName());
        settings.put("epochs", 1);
        settings.put("batchSize", 256);
        settings.put("learningRate", 0.5);
        settings.put("optimizer", "sgd");
        settings.put("seed", 7);
        settings.put("limitBatches", 12);
        if (options != null) {
            settings.put(SavedRun.SCRATCH_OPTIONS, options);
        }
        try (RunDirectory run = RunDirectory.create(dir)) {
            run.writeCheckpoint(model, RunConfig.of(settings), List.of(metrics));
        }
    }
}
