package bnlab.cli;

import ai.djl.Model;
import ai.djl.engine.Engine;
import bnlab.data.FashionMnist;
import bnlab.io.DirectoryClaim;
import bnlab.model.Variant;
import bnlab.report.ComparisonTable;
import bnlab.report.Report;
import bnlab.report.RunSummary;
import bnlab.run.Resumption;
import bnlab.run.RunDirectory;
import bnlab.run.SavedRun;
import bnlab.run.SavedRunException;
import bnlab.run.TrainingInterruptedException;
import bnlab.train.TrainingConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bnlab compare}: trains every variant with the same seed and settings, then prints them
 * side by side and writes the charts and the report.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description =
                "Train every LeNet variant (scratch, concise, plain) with the same settings"
                        + " and compare them: a table, loss.png, accuracy.png and report.html.",
        footer = {
            "",
            "Examples:",
            "  ./bnlab compare                                # 5 epochs of each variant",
            "  ./bnlab compare --limit-batches 20 --epochs 2  # a quick check",
            "  ./bnlab compare --resume runs/compare-20250101-120000  # after Ctrl-C"
        })
public final class CompareCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin VerboseOption verbose;

    @Mixin TrainingOptions training;

    @Option(
            names = "--output",
            description =
                    "Directory to create, or an empty directory to write into (default:"
                            + " runs/compare-<timestamp>). Each variant's run goes to"
                            + " <output>/<variant>/.")
    Path output;

    @Option(
            names = "--resume",
            paramLabel = "DIR",
            description =
                    "Continue an interrupted compare in DIR with its settings: finish the"
                            + " interrupted variant's run, train those not started, then report.")
    Path resume;

    /** The options a resumed compare takes from its runs instead. */
    private static final List<String> SETTINGS =
            List.of(
                    "--epochs",
                    "--batch-size",
                    "--lr",
                    "--optimizer",
                    "--seed",
                    "--limit-batches",
                    "--output");

    @Override
    public Integer call() throws Exception {
        verbose.apply();
        PrintWriter out = spec.commandLine().getOut();
        List<TrainingConfig> configs = new ArrayList<>();
        for (Variant variant : Variant.values()) {
            configs.add(UsageErrors.check(spec, () -> training.toConfig(variant)));
        }
        if (resume != null) {
            for (String option : SETTINGS) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new CommandLine.ParameterException(
                            spec.commandLine(),
                            option
                                    + " cannot be combined with --resume: a resumed compare keeps"
                                    + " the settings of its runs");
                }
            }
        }
        // the directory is claimed (created, checked writable) before any data is read or trained
        if (resume != null && !Files.isDirectory(resume)) {
            throw new SavedRunException(resume + ": no such compare directory");
        }
        try (DirectoryClaim claim =
                resume != null
                        ? DirectoryClaim.claim(resume)
                        : UsageErrors.checkOption(
                                spec,
                                "--output",
                                () ->
                                        output != null
                                                ? DirectoryClaim.claimEmpty(output, name -> false)
                                                : DirectoryClaim.claimNew(
                                                        RunDirectory.defaultPath("compare")))) {
            Path target = claim.directory();
            List<Plan> plans = resume != null ? resumePlans(target) : newPlans(target, configs);
            FashionMnist data = training.runtime.start(spec);
            out.println("training on " + Engine.getInstance().defaultDevice());
            out.flush();
            try (ShutdownStop stop = ShutdownStop.install()) {
                for (Plan plan : plans) {
                    train(plan, data, out, stop, claim, plans);
                }
            }
            Path html = target.resolve(Report.HTML_FILE);
            ComparisonTable table =
                    Report.write(RunSummary.readAll(plans.stream().map(Plan::dir).toList()), html);
            out.println();
            out.print(table.toText());
            out.println("runs saved to " + target + "; report " + html);
        }
        return 0;
    }

    /** One variant's part of the comparison: its run directory and what to train there. */
    private record Plan(Variant variant, Path dir, TrainingConfig config, Resumption resumed) {

        /** The epochs the variant's run holds before this command trains. */
        int savedEpochs() {
            return resumed == null ? 0 : resumed.run().lastEpoch();
        }

        /** The variant's complete run is there already (a resumed compare skips it). */
        boolean complete() {
            return savedEpochs() >= config.epochs();
        }
    }

    private static List<Plan> newPlans(Path target, List<TrainingConfig> configs) {
        return configs.stream()
                .map(c -> new Plan(c.variant(), target.resolve(c.variant().cliName()), c, null))
                .toList();
    }

    /**
     * What is left of the compare in {@code target}: the variants' runs there (complete, or to
     * resume), and the variants not started, with the settings the runs there hold.
     */
    private List<Plan> resumePlans(Path target) {
        int threads = training.runtime.threads();
        List<SavedRun> saved = new ArrayList<>();
        for (Variant v : Variant.values()) {
            Path dir = target.resolve(v.cliName());
            saved.add(
                    Files.isRegularFile(dir.resolve(RunDirectory.METRICS_JSON))
                            ? SavedRun.open(dir)
                            : null);
        }
        TrainingConfig settings =
                saved.stream()
                        .filter(Objects::nonNull)
                        .findFirst()
                        .map(r -> r.trainingConfig(threads))
                        .orElseThrow(
                                () ->
                                        new SavedRunException(
                                                target
                                                        + ": holds no run of a compare (no"
                                                        + " <variant>/"
                                                        + RunDirectory.METRICS_JSON
                                                        + "); nothing to resume"));
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < saved.size(); i++) {
            Variant v = Variant.values()[i];
            SavedRun run = saved.get(i);
            Path dir = target.resolve(v.cliName());
            if (run != null) {
                Resumption resumed =
                        Resumption.of(run, run.trainingConfig(threads).epochs(), threads);
                plans.add(new Plan(v, dir, resumed.config(), resumed));
            } else {
                TrainingConfig config =
                        new TrainingConfig(
                                v,
                                settings.epochs(),
                                settings.batchSize(),
                                settings.learningRate(),
                                settings.optimizer(),
                                settings.seed(),
                                settings.limitBatches(),
                                threads);
                plans.add(new Plan(v, dir, config, null));
            }
        }
        return plans;
    }

    private void train(
            Plan plan,
            FashionMnist data,
            PrintWriter out,
            ShutdownStop stop,
            DirectoryClaim claim,
            List<Plan> plans)
            throws Exception {
        if (plan.complete()) {
            out.println(plan.variant() + ": complete in " + plan.dir() + ", not trained again");
            out.flush();
            return;
        }
        Resumption resumed = plan.resumed();
        try (RunDirectory run =
                        resumed == null
                                ? RunDirectory.create(plan.dir())
                                : RunDirectory.reopen(resumed.run());
                Model model =
                        resumed == null
                                ? RunDirectory.newLeNetModel(plan.variant())
                                : resumed.loadModel()) {
            try {
                ConsoleTraining.run(
                        model,
                        plan.config(),
                        data,
                        run,
                        out,
                        spec.commandLine().getErr(),
                        plan.variant() + ": ",
                        resumed,
                        stop);
            } catch (TrainingInterruptedException e) {
                // released before the JVM is let go; a compare directory left empty goes
                run.close();
                claim.close();
                stop.stopped(
                        spec.commandLine().getErr(),
                        interrupted(e, plan, claim.directory(), plans));
                throw e;
            }
        }
    }

    /** Where the compare stopped, what each variant's run keeps, and how to continue. */
    private static String interrupted(
            TrainingInterruptedException e, Plan current, Path target, List<Plan> plans) {
        List<String> kept = new ArrayList<>();
        for (Plan p : plans) {
            int at = plans.indexOf(p) - plans.indexOf(current);
            int epochs = at < 0 ? p.config().epochs() : at == 0 ? e.kept() : p.savedEpochs();
            if (epochs > 0) {
                kept.add(
                        p.variant().cliName()
                                + " (epochs 1.."
                                + epochs
                                + " of "
                                + p.config().epochs()
                                + ")");
            }
        }
        String where =
                String.format(
                        Locale.ROOT,
                        "interrupted at epoch %d, batch %d of %s; ",
                        e.epoch(),
                        e.batch(),
                        current.variant().cliName());
        if (kept.isEmpty()) {
            return where + "no epoch was completed, so nothing was saved";
        }
        return where
                + target
                + " keeps "
                + String.join(", ", kept)
                + "; continue with: ./bnlab compare --resume "
                + target;
    }
}
