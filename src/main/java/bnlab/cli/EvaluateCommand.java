package bnlab.cli;

import ai.djl.Model;
import bnlab.data.FashionMnist;
import bnlab.data.Split;
import bnlab.errors.Ranges;
import bnlab.run.SavedRun;
import bnlab.train.ConfusionMatrix;
import bnlab.train.Inference;
import bnlab.train.InferenceStatistics;
import bnlab.train.PopulationStatistics;
import bnlab.train.TrainingConfig;
import com.google.gson.GsonBuilder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bnlab evaluate}: test accuracy, per-class accuracy and confusion matrix of a saved run.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description =
                "Evaluate a saved run on the Fashion-MNIST test split in inference mode"
                        + " (moving statistics, unless --statistics says otherwise): accuracy,"
                        + " per-class accuracy, confusion matrix.",
        footer = {
            "",
            "Examples:",
            "  ./bnlab evaluate runs/scratch-20250101-120000 --json",
            "  ./bnlab evaluate runs/scratch-20250101-120000 --statistics batch --batch-size 8"
        })
public final class EvaluateCommand extends BnlabSubcommand {

    @Parameters(paramLabel = "RUN_DIR", description = "Run directory written by 'bnlab train'.")
    Path runDir;

    @Option(
            names = "--epoch",
            description = "Epoch whose parameters to use, 1..the run's last (default: the last).")
    Integer epoch;

    @Option(
            names = "--json",
            description = "Print JSON (accuracy, perClass, confusion) instead of" + " tables.")
    boolean json;

    @Option(
            names = "--limit-batches",
            description =
                    "Use only the first N test batches (of --batch-size, by default the"
                            + " run's batch size), as 'train --limit-batches' does, "
                            + OptionRanges.LIMIT_BATCHES
                            + " (default:"
                            + " all 10,000 images).")
    Integer limitBatches;

    @Option(
            names = "--statistics",
            paramLabel = "KIND",
            description =
                    "Statistics batch norm normalises with: running (the moving averages, as"
                            + " inference mode does), population (exact mean and variance of each"
                            + " batch-norm input over the 60,000 training images, recomputed with"
                            + " the trained weights layer by layer) or batch (each test batch's"
                            + " own, as a model left in training mode would).",
            defaultValue = "running")
    String statistics;

    @Option(
            names = "--batch-size",
            description =
                    "Test images per batch, "
                            + OptionRanges.EVAL_BATCH_SIZE
                            + "; matters for --statistics batch (default: the run's batch size).")
    Integer batchSize;

    @Mixin RuntimeOptions runtime;

    @Override
    int execute() throws Exception {
        if (limitBatches != null) {
            UsageErrors.check(
                    spec,
                    () -> Ranges.check("--limit-batches", limitBatches, 1, Integer.MAX_VALUE));
        }
        if (batchSize != null) {
            UsageErrors.check(
                    spec,
                    () ->
                            Ranges.check(
                                    "--batch-size", batchSize, 1, TrainingConfig.MAX_BATCH_SIZE));
        }
        InferenceStatistics kind =
                UsageErrors.check(spec, () -> InferenceStatistics.parse(statistics));
        SavedRun run = SavedRun.open(runDir);
        int size = batchSize != null ? batchSize : run.trainingConfig(1).batchSize();
        int used = UsageErrors.epoch(spec, epoch, run);
        runtime.configureEngine(spec);
        ConfusionMatrix result;
        // the parameters are loaded (so checked) before the data is read
        try (Model model = run.loadModel(used)) {
            FashionMnist data = runtime.start(spec);
            result = evaluate(kind, model, data, size);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(
                json
                        ? toJson(run, used, kind, size, result)
                        : toText(run, used, kind, size, result));
        out.flush();
        return 0;
    }

    private ConfusionMatrix evaluate(
            InferenceStatistics kind, Model model, FashionMnist data, int size) throws Exception {
        Split test = data.test();
        return switch (kind) {
            case RUNNING -> Inference.evaluate(model, test, size, limitBatches);
            case POPULATION -> {
                UsageErrors.checkOption(
                        spec,
                        "--statistics population:",
                        () -> PopulationStatistics.recalibrate(model, data.train()));
                yield Inference.evaluate(model, test, size, limitBatches);
            }
            case BATCH ->
                    UsageErrors.checkOption(
                            spec,
                            "--statistics batch with --batch-size " + size + ":",
                            () ->
                                    Inference.evaluateWithBatchStatistics(
                                            model, test, size, limitBatches));
        };
    }

    private static String toText(
            SavedRun run, int epoch, InferenceStatistics kind, int size, ConfusionMatrix m) {
        StringBuilder s = new StringBuilder();
        s.append(
                String.format(
                        Locale.ROOT,
                        "%s: %s LeNet, epoch %d of %d, inference mode%s%n",
                        run.directory(),
                        run.network().label(),
                        epoch,
                        run.lastEpoch(),
                        switch (kind) {
                            case RUNNING -> "";
                            case POPULATION ->
                                    " with population statistics (recomputed over the training"
                                            + " split)";
                            case BATCH ->
                                    " with batch statistics (of each test batch of " + size + ")";
                        }));
        s.append(
                String.format(
                        Locale.ROOT,
                        "test accuracy %.4f (%d of %d test images)%n",
                        m.accuracy(),
                        m.correct(),
                        m.total()));
        s.append(String.format("%nper-class accuracy:%n"));
        int width = m.classNames().stream().mapToInt(String::length).max().orElse(0) + 1;
        for (int c = 0; c < m.size(); c++) {
            s.append(
                    String.format(
                            Locale.ROOT,
                            "  %-" + width + "s %6.4f  (%d images)%n",
                            m.classNames().get(c),
                            m.classAccuracy(c),
                            m.classTotal(c)));
        }
        s.append(String.format("%nconfusion matrix (rows: true class, columns: predicted):%n"));
        return s.append(m.toText()).toString();
    }

    private static String toJson(
            SavedRun run, int epoch, InferenceStatistics kind, int size, ConfusionMatrix e) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run", run.directory().toString());
        run.network().preset().ifPresent(v -> doc.put("variant", v.cliName()));
        doc.put("network", run.network().toString());
        doc.put("epoch", epoch);
        doc.put("statistics", kind.cliName());
        doc.put("batchSize", size);
        doc.put("images", e.total());
        doc.put("accuracy", e.accuracy());
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int c = 0; c < e.size(); c++) {
            double acc = e.classAccuracy(c);
            // JSON has no NaN: a class without test images has no accuracy
            perClass.put(e.classNames().get(c), Double.isNaN(acc) ? null : acc);
        }
        doc.put("classes", e.classNames());
        doc.put("perClass", perClass);
        doc.put("confusion", e.counts());
        return new GsonBuilder()
                        .setPrettyPrinting()
                        .serializeNulls()
                        .disableHtmlEscaping()
                        .create()
                        .toJson(doc)
                + System.lineSeparator();
    }
}
