package bnlab.cli;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import bnlab.data.FashionMnist;
import bnlab.run.RunConfig;
import bnlab.run.RunDirectory;
import bnlab.run.SavedRun;
import bnlab.run.SavedRunException;
import bnlab.run.SoftwareVersions;
import bnlab.train.Inference;
import bnlab.train.PopulationStatistics;
import bnlab.train.PopulationStatistics.LayerChange;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bnlab recalibrate}: a copy of a run whose moving statistics are population statistics. */
@Command(
        name = "recalibrate",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Replace the moving statistics of a saved run's batch norm with population statistics:"
                    + " the exact mean and variance of each batch-norm input over the 60,000"
                    + " training images, recomputed with the trained weights layer by layer (what"
                    + " PyTorch's update_bn is for, computed exactly). Writes a run directory of the last epoch"
                    + " (loadable by evaluate, predict and fold) and prints the test accuracy"
                    + " before and after."
        },
        footer = {
            "",
            "Example (writes runs/scratch-20250101-120000-recalibrated):",
            "  ./bnlab recalibrate runs/scratch-20250101-120000"
        })
public final class RecalibrateCommand extends BnlabSubcommand {

    /** The key in the new run's {@code config.json} that describes where it came from. */
    public static final String RECALIBRATED_FROM = "recalibratedFrom";

    @Parameters(paramLabel = "RUN_DIR", description = "Run directory with batch norm.")
    Path runDir;

    @Option(
            names = "--output",
            description =
                    "Run directory to create (default: RUN_DIR-recalibrated); must be new or"
                            + " empty.")
    Path output;

    @Mixin RuntimeOptions runtime;

    @Override
    int execute() throws Exception {
        SavedRun run = SavedRun.open(runDir);
        Path target =
                output != null
                        ? output
                        : runDir.resolveSibling(runDir.getFileName() + "-recalibrated");
        int batchSize = run.trainingConfig(1).batchSize();
        runtime.configureEngine(spec);
        // the source loaded and checked and the output claimed before the data is read
        try (Model model = run.loadModel()) {
            try {
                PopulationStatistics.checkRecalibratable(model);
            } catch (IllegalArgumentException e) {
                throw new SavedRunException(runDir + ": cannot recalibrate: " + e.getMessage(), e);
            }
            try (RunDirectory out =
                    UsageErrors.checkOption(spec, "--output", () -> RunDirectory.create(target))) {
                FashionMnist data = runtime.start(spec);
                double before = Inference.evaluate(model, data.test(), batchSize, null).accuracy();
                List<LayerChange> changes = PopulationStatistics.recalibrate(model, data.train());
                double after = Inference.evaluate(model, data.test(), batchSize, null).accuracy();
                int images = data.train().count();
                // a loaded block lacks the input names saving needs; initialising it with its own
                // shapes adds them and keeps every loaded parameter
                Block block = model.getBlock();
                block.initialize(model.getNDManager(), DataType.FLOAT32, block.getInputShapes());
                out.writeCheckpoint(
                        model, settings(run, images, before, after, changes), run.metrics());
                print(run, images, changes, before, after, out.path());
            }
        }
        return 0;
    }

    private void print(
            SavedRun run,
            int images,
            List<LayerChange> changes,
            double before,
            double after,
            Path saved) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                Locale.ROOT,
                "recalibrated %s (%s, epoch %d): population statistics of %d batch-norm"
                        + " layer%s over %d training images%n",
                runDir,
                run.network().label(),
                run.lastEpoch(),
                changes.size(),
                changes.size() == 1 ? "" : "s",
                images);
        out.println("how far the moving statistics were off, mean over channels:");
        out.println("  layer  |μ_run − μ_pop|/σ_pop  |ln(σ²_run/σ²_pop)|");
        for (LayerChange c : changes) {
            out.printf(
                    Locale.ROOT,
                    "  %5d  %20.4f  %19.4f%n",
                    c.index(),
                    c.meanShift(),
                    c.varianceLogRatio());
        }
        out.printf(
                Locale.ROOT,
                "test accuracy %.4f with population statistics, %.4f with the running ones%n",
                after,
                before);
        out.println("run saved to " + saved);
        out.flush();
    }

    /**
     * The source's settings plus {@value #RECALIBRATED_FROM}: the source directory and epoch, the
     * images the statistics were taken over, what changed per layer, and the test accuracies.
     */
    private static RunConfig settings(
            SavedRun run, int images, double before, double after, List<LayerChange> changes) {
        Map<String, Object> from = new LinkedHashMap<>();
        from.put("run", run.directory().toAbsolutePath().normalize().toString());
        from.put("epoch", run.lastEpoch());
        from.put("trainingImages", images);
        from.put(
                "metrics",
                "metrics.json is the source run's training history; testAccuracy here is the"
                        + " recalibrated model's, measured");
        from.put("testAccuracy", after);
        from.put("runningTestAccuracy", before);
        List<Map<String, Object>> layers = new ArrayList<>();
        for (LayerChange c : changes) {
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("layer", c.index());
            layer.put("meanShift", c.meanShift());
            layer.put("varianceLogRatio", c.varianceLogRatio());
            layers.add(layer);
        }
        from.put("layers", layers);
        from.put("versions", SoftwareVersions.all());
        return run.config().with(RECALIBRATED_FROM, from);
    }
}
