package bnlab.cli;

import ai.djl.Model;
import ai.djl.engine.Engine;
import bnlab.data.FashionMnist;
import bnlab.errors.Ranges;
import bnlab.io.DirectoryClaim;
import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.report.ComparisonTable;
import bnlab.report.Report;
import bnlab.report.RunSummary;
import bnlab.run.Resumption;
import bnlab.run.RunDirectory;
import bnlab.run.SavedRun;
import bnlab.run.SavedRunException;
import bnlab.run.TrainingInterruptedException;
import bnlab.studies.NetworkComparison;
import bnlab.study.Study;
import bnlab.study.StudyPlan;
import bnlab.train.OptimizerKind;
import bnlab.train.TrainingConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bnlab compare}: trains every preset, or the networks given, with the same seed and
 * settings, then prints them side by side and writes the charts and the report.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description =
                "Train every LeNet preset (scratch, concise, plain), or the networks given, with"
                        + " the same settings and compare them: a table, loss.png, accuracy.png"
                        + " and report.html.",
        footer = {
            "",
            "Examples:",
            "  ./bnlab compare                                # 5 epochs of each preset",
            "  ./bnlab compare --network scratch --network norm=scratch,bias=off",
            "  ./bnlab compare --limit-batches 20 --epochs 2  # a quick check",
            "  ./bnlab compare --seeds 5 --epochs 3           # means and 95%% intervals",
            "  ./bnlab compare --diagnostics                  # and why BN trains faster",
            "  ./bnlab compare --resume runs/compare-20250101-120000  # after Ctrl-C"
        })
public final class CompareCommand extends BnlabSubcommand {

    @Mixin TrainingOptions training;

    @Mixin DiagnosticsOptions diagnostics;

    @Option(
            names = "--output",
            description =
                    "Directory to create, or an empty directory to write into (default:"
                            + " runs/compare-<timestamp>). Each network's run goes to"
                            + " <output>/<label>/: a preset's name, or the items that differ from"
                            + " the chapter's network.")
    Path output;

    @Option(
            names = "--network",
            paramLabel = "TEXT",
            description =
                    "A network to compare, repeatable: a preset name or a network text such as"
                            + " plain,dropout=0.5 (docs/networks.md). Default: every preset; with"
                            + " --resume: the runs in DIR and the presets not started.")
    List<String> networks;

    @Option(
            names = "--resume",
            paramLabel = "DIR",
            description =
                    "Continue an interrupted compare in DIR with its settings: finish the"
                            + " interrupted network's run, train those not started, then report.")
    Path resume;

    @Option(
            names = "--seeds",
            defaultValue = "1",
            description =
                    "Networks per configuration, "
                            + StudyExecution.SEEDS_RANGE
                            + ". From 2 on, each network is trained with seeds 1..N (--seed is"
                            + " then not used) and compared by mean and 95%% interval: runs.csv,"
                            + " epochs.csv, summary.csv, charts with error bars, report.html,"
                            + " answer.md; the same command with --output DIR continues a stopped"
                            + " one.")
    int seeds;

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
    int execute() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<TrainingConfig> configs = new ArrayList<>();
        List<NetworkConfig> given = NetworkOptions.list(spec, networks);
        for (NetworkConfig network : given) {
            configs.add(UsageErrors.check(spec, () -> training.toConfig(network)));
        }
        UsageErrors.check(spec, () -> Ranges.check("--seeds", seeds, 1, StudyExecution.MAX_SEEDS));
        diagnostics.check(spec);
        if (seeds > 1) {
            return compareSeeds(given);
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
            List<Plan> plans =
                    resume != null
                            ? resumePlans(target, networks == null ? null : given)
                            : newPlans(target, configs);
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

    /** {@code --seeds N}: every network N times, compared as a study. */
    private int compareSeeds(List<NetworkConfig> given) throws Exception {
        StudyExecution.refuseWithSeeds(
                spec,
                seeds,
                "the networks are seeded 1.."
                        + seeds
                        + ", and the same command with --output DIR continues a stopped compare",
                "--resume",
                "--seed");
        StudyExecution.refuseWithSeeds(
                spec,
                seeds,
                "diagnostics are recorded in the run of one network; compare without --seeds",
                "--diagnostics");
        if (given.size() < 2) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--seeds "
                            + seeds
                            + " compares networks, but one was given ("
                            + given.get(0).label()
                            + "); give two or more with --network");
        }
        StudyPlan plan = new StudyPlan(seeds, training.epochs, training.limitBatches);
        Study study =
                UsageErrors.check(
                        spec,
                        () ->
                                NetworkComparison.of(
                                        given,
                                        OptimizerKind.parse(training.optimizer),
                                        training.learningRate,
                                        plan));
        training.runtime.configureEngine(spec);
        try (DirectoryClaim claim = StudyExecution.claim(spec, output, NetworkComparison.NAME)) {
            StudyExecution.run(spec, training.runtime, study, plan, training.batchSize, claim);
        }
        return 0;
    }

    /** One network's part of the comparison: its run directory and what to train there. */
    private record Plan(Path dir, TrainingConfig config, Resumption resumed) {

        /** The network's label, which names its directory and its lines. */
        String label() {
            return config.network().label();
        }

        /** The epochs the network's run holds before this command trains. */
        int savedEpochs() {
            return resumed == null ? 0 : resumed.run().lastEpoch();
        }

        /** The network's complete run is there already (a resumed compare skips it). */
        boolean complete() {
            return savedEpochs() >= config.epochs();
        }
    }

    private static List<Plan> newPlans(Path target, List<TrainingConfig> configs) {
        return configs.stream()
                .map(c -> new Plan(target.resolve(c.network().label()), c, null))
                .toList();
    }

    /**
     * What is left of the compare in {@code target}: the networks' runs there (complete, or to
     * resume), and the networks not started, with the settings the runs there hold. The networks
     * are {@code given}, or if null the presets and every other network with a run there (a network
     * never started is known only to the command line that started the compare).
     */
    private List<Plan> resumePlans(Path target, List<NetworkConfig> given) throws Exception {
        int threads = training.runtime.threads();
        List<NetworkConfig> networks = new ArrayList<>();
        if (given != null) {
            networks.addAll(given);
        } else {
            for (Variant v : Variant.values()) {
                networks.add(NetworkConfig.of(v));
            }
            try (Stream<Path> children = Files.list(target)) {
                for (Path child : (Iterable<Path>) children.sorted()::iterator) {
                    if (Files.isRegularFile(child.resolve(RunDirectory.METRICS_JSON))) {
                        NetworkConfig n = SavedRun.open(child).network();
                        if (!networks.contains(n)) {
                            networks.add(n);
                        }
                    }
                }
            }
        }
        List<SavedRun> saved = new ArrayList<>();
        for (NetworkConfig n : networks) {
            Path dir = target.resolve(n.label());
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
                                                        + " <network>/"
                                                        + RunDirectory.METRICS_JSON
                                                        + "); nothing to resume"));
        List<Plan> plans = new ArrayList<>();
        for (int i = 0; i < saved.size(); i++) {
            NetworkConfig n = networks.get(i);
            SavedRun run = saved.get(i);
            Path dir = target.resolve(n.label());
            if (run != null) {
                Resumption resumed =
                        Resumption.of(run, run.trainingConfig(threads).epochs(), threads);
                plans.add(new Plan(dir, resumed.config(), resumed));
            } else {
                TrainingConfig config =
                        new TrainingConfig(
                                n,
                                settings.epochs(),
                                settings.batchSize(),
                                settings.learningRate(),
                                settings.optimizer(),
                                settings.seed(),
                                settings.limitBatches(),
                                threads);
                plans.add(new Plan(dir, config, null));
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
            out.println(plan.label() + ": complete in " + plan.dir() + ", not trained again");
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
                                ? RunDirectory.newLeNetModel(plan.config().network())
                                : resumed.loadModel()) {
            try {
                ConsoleTraining.run(
                        model,
                        plan.config(),
                        data,
                        run,
                        out,
                        spec.commandLine().getErr(),
                        plan.label() + ": ",
                        resumed,
                        null,
                        diagnostics.recorder(),
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

    /** Where the compare stopped, what each network's run keeps, and how to continue. */
    private static String interrupted(
            TrainingInterruptedException e, Plan current, Path target, List<Plan> plans) {
        List<String> kept = new ArrayList<>();
        for (Plan p : plans) {
            int at = plans.indexOf(p) - plans.indexOf(current);
            int epochs = at < 0 ? p.config().epochs() : at == 0 ? e.kept() : p.savedEpochs();
            if (epochs > 0) {
                kept.add(p.label() + " (epochs 1.." + epochs + " of " + p.config().epochs() + ")");
            }
        }
        String where =
                String.format(
                        Locale.ROOT,
                        "interrupted at epoch %d, batch %d of %s; ",
                        e.epoch(),
                        e.batch(),
                        current.label());
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
