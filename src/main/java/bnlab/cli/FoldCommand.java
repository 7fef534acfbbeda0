package bnlab.cli;

import ai.djl.Model;
import bnlab.data.FashionMnist;
import bnlab.fold.BatchNormFolding;
import bnlab.fold.FoldCheck;
import bnlab.model.NetworkConfig;
import bnlab.run.RunConfig;
import bnlab.run.RunDirectory;
import bnlab.run.SavedRun;
import bnlab.run.SavedRunException;
import bnlab.run.SoftwareVersions;
import com.google.gson.JsonElement;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bnlab fold}: folds a run's batch norm into its conv and linear layers. */
@Command(
        name = "fold",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Fold the inference-mode batch norm of a saved run (scratch, djl or batch-renorm"
                    + " normalizers before the activation) into the conv and"
                    + " linear layer before each: W' = W·γ/√(σ²+ε), b' = (b−μ)·γ/√(σ²+ε) + β per"
                    + " output channel. Writes a run directory of the same network without"
                    + " normalizers (loadable by evaluate and predict) and checks it against the"
                    + " original on the whole test split."
        },
        footer = {
            "",
            "Example (writes runs/scratch-20250101-120000-folded):",
            "  ./bnlab fold runs/scratch-20250101-120000"
        })
public final class FoldCommand extends BnlabSubcommand {

    /** The key in the folded run's {@code config.json} that describes where it came from. */
    public static final String FOLDED_FROM = "foldedFrom";

    @Parameters(paramLabel = "RUN_DIR", description = "Run directory of a run with batch norm.")
    Path runDir;

    @Option(
            names = "--output",
            description =
                    "Run directory to create (default: RUN_DIR-folded);" + " must be new or empty.")
    Path output;

    @Mixin RuntimeOptions runtime;

    @Override
    int execute() throws Exception {
        SavedRun run = SavedRun.open(runDir);
        try {
            BatchNormFolding.checkFoldable(run.network());
        } catch (IllegalArgumentException e) {
            throw new SavedRunException(runDir + ": cannot fold: " + e.getMessage(), e);
        }
        Path target =
                output != null ? output : runDir.resolveSibling(runDir.getFileName() + "-folded");
        int batchSize = run.trainingConfig(1).batchSize();
        // the source loaded (all of it checked) and the output claimed (created, checked
        // writable) before the data is read and the model folded
        runtime.configureEngine(spec);
        try (Model source = run.loadModel();
                RunDirectory out =
                        UsageErrors.checkOption(
                                spec, "--output", () -> RunDirectory.create(target))) {
            FashionMnist data = runtime.start(spec);
            fold(run, source, out, data, batchSize);
        }
        return 0;
    }

    private void fold(
            SavedRun run, Model source, RunDirectory out, FashionMnist data, int batchSize)
            throws Exception {
        PrintWriter printer = spec.commandLine().getOut();
        Model folded;
        try {
            folded = BatchNormFolding.fold(source, run.network());
        } catch (IllegalArgumentException e) {
            throw new SavedRunException(runDir + ": cannot fold: " + e.getMessage(), e);
        }
        try (folded) {
            FoldCheck check = FoldCheck.compare(source, folded, data.test(), batchSize);
            out.writeCheckpoint(folded, settings(run, check), run.metrics());
            printer.printf(
                    Locale.ROOT,
                    "folded %s (%s, epoch %d) into a LeNet without batch norm%n",
                    runDir,
                    run.network().label(),
                    run.lastEpoch());
            printer.printf(
                    Locale.ROOT,
                    "test accuracy %.4f folded, %.4f unfolded (%d images,"
                            + " %d predictions differ); max |logit difference| %.2e%n",
                    check.foldedAccuracy(),
                    check.unfoldedAccuracy(),
                    check.images(),
                    check.disagreements(),
                    check.maxAbsLogitDifference());
            printer.println("run saved to " + out.path());
        }
    }

    /**
     * The source's settings with the folded network, plus {@value #FOLDED_FROM}: the source
     * directory, variant (for a preset), network, epoch and batch-norm options, and what the check
     * measured on the test split.
     */
    private static RunConfig settings(SavedRun run, FoldCheck check) {
        JsonElement scratchOptions = run.config().entries().get(SavedRun.SCRATCH_OPTIONS);
        Map<String, Object> from = new LinkedHashMap<>();
        from.put("run", run.directory().toAbsolutePath().normalize().toString());
        run.network().preset().ifPresent(v -> from.put("variant", v.cliName()));
        from.put("network", run.network().toString());
        from.put("epoch", run.lastEpoch());
        if (scratchOptions != null) {
            from.put(SavedRun.SCRATCH_OPTIONS, scratchOptions);
        }
        from.put(
                "metrics",
                "metrics.json is the source run's: the folded model computes the same"
                        + " function; testAccuracy here is the folded model's, measured");
        from.put("testImages", check.images());
        from.put("testAccuracy", check.foldedAccuracy());
        from.put("unfoldedTestAccuracy", check.unfoldedAccuracy());
        from.put("maxAbsLogitDifference", check.maxAbsLogitDifference());
        from.put("versions", SoftwareVersions.all());
        NetworkConfig folded = BatchNormFolding.foldedNetwork(run.network());
        RunConfig config = run.config().without(SavedRun.SCRATCH_OPTIONS);
        // the preset's name in its place, as a new run of the folded network would record it
        config =
                folded.preset().isPresent()
                        ? config.with(RunConfig.VARIANT, folded.preset().get().cliName())
                        : config.without(RunConfig.VARIANT);
        return config.with(RunConfig.NETWORK, folded.toString()).with(FOLDED_FROM, from);
    }
}
