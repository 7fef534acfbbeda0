package bnlab.cli;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.SequentialBlock;
import bnlab.data.FashionMnist;
import bnlab.model.BatchNormBlock;
import bnlab.model.LayerListing;
import bnlab.model.LeNet;
import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.report.Report;
import bnlab.report.RunSummary;
import bnlab.run.FineTuning;
import bnlab.run.Resumption;
import bnlab.run.RunDirectory;
import bnlab.run.SavedRun;
import bnlab.run.TrainingInterruptedException;
import bnlab.train.EpochMetrics;
import bnlab.train.TrainingConfig;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bnlab train}: trains one LeNet on Fashion-MNIST, as the chapter does, or a variation. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = "Train LeNet with batch norm on Fashion-MNIST and save the run.",
        footer = {
            "",
            "Examples:",
            "  ./bnlab train                                # the chapter's run",
            "  ./bnlab train --variant concise --output runs/concise",
            "  ./bnlab train --network plain,dropout=0.5      # no BN, dropout instead",
            "  ./bnlab train --network norm=mean,affine=fixed # mean-only BN, no beta",
            "  ./bnlab train --limit-batches 20 --epochs 2  # a quick check",
            "  ./bnlab train --diagnostics                  # and a look inside, report.html"
        })
public final class TrainCommand extends BnlabSubcommand {

    @Option(
            names = "--variant",
            defaultValue = "scratch",
            description = "Network preset: ${COMPLETION-CANDIDATES}.",
            completionCandidates = VariantNames.class)
    String variant;

    @Option(
            names = "--network",
            paramLabel = "TEXT",
            description =
                    "Any network instead of a preset: key=value items (norm, position, bias,"
                            + " affine, dropout, activation), optionally led by a preset, e.g."
                            + " plain,dropout=0.5 (docs/networks.md).")
    String network;

    @Mixin TrainingOptions training;

    @Mixin DiagnosticsOptions diagnostics;

    @Option(
            names = "--output",
            description =
                    "Run directory to create, or an empty directory to write into (default:"
                            + " runs/<preset>-<timestamp>, runs/network-<timestamp> for another network,"
                            + " with -fine-tuned after the name with --from, numbered -2, -3... if"
                            + " taken).")
    Path output;

    @Option(
            names = "--resume",
            paramLabel = "RUN_DIR",
            description =
                    "Continue this run from its"
                            + " last epoch up to --epochs (default: its planned total), with its settings.")
    Path resume;

    @Option(
            names = "--from",
            paramLabel = "RUN_DIR",
            description =
                    "Fine-tune: start a new run from this run's last-epoch parameters (its network,"
                            + " a fresh optimizer, the settings given here).")
    Path from;

    @Option(
            names = "--freeze-statistics",
            description =
                    "With --from: the from-scratch batch norm normalises with its running"
                            + " statistics in training too and no longer updates them.")
    boolean freezeStatistics;

    @Option(
            names = "--freeze-affine",
            description = "With --from: the from-scratch batch norm's γ and β stay as loaded.")
    boolean freezeAffine;

    @Option(
            names = {"-q", "--quiet"},
            description = "Print only the final epoch line and where" + " the run is saved.")
    boolean quiet;

    @Override
    int execute() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter log = quiet ? new PrintWriter(Writer.nullWriter()) : out;
        FineTuning fineTuning = fineTuning();
        NetworkConfig requestedNetwork =
                fineTuning != null
                        ? fineTuning.source().network()
                        : NetworkOptions.of(spec, variant, network);
        TrainingConfig requested =
                UsageErrors.check(spec, () -> training.toConfig(requestedNetwork));
        diagnostics.check(spec);
        Resumption resumed =
                resume == null
                        ? null
                        : ResumeOptions.settle(spec, SavedRun.open(resume), requested);
        TrainingConfig config = resumed == null ? requested : resumed.config();
        training.runtime.configureEngine(spec);
        // the directory is claimed (created, checked writable) before any data is read or trained
        try (RunDirectory run =
                resumed != null
                        ? RunDirectory.reopen(resumed.run())
                        : UsageErrors.checkOption(
                                spec,
                                "--output",
                                () ->
                                        output != null
                                                ? RunDirectory.create(output)
                                                : RunDirectory.createDefault(
                                                        config.network()
                                                                        .preset()
                                                                        .map(Variant::cliName)
                                                                        .orElse("network")
                                                                + (fineTuning != null
                                                                        ? "-fine-tuned"
                                                                        : "")))) {
            List<EpochMetrics> history;
            // a resumed run's parameters are loaded (so checked) before the data is read
            try (Model model =
                            resumed != null
                                    ? resumed.loadModel()
                                    : fineTuning != null
                                            ? fineTuning.loadModel()
                                            : RunDirectory.newLeNetModel(config.network());
                    ShutdownStop stop = ShutdownStop.install()) {
                FashionMnist data = training.runtime.start(spec);
                SequentialBlock net = (SequentialBlock) model.getBlock();
                log.print(
                        LayerListing.of(
                                "LeNet (" + config.network().label() + ")",
                                net,
                                LeNet.inputShape(1)));
                if (fineTuning != null) {
                    log.println(fineTuning.describe());
                }
                log.println("training on " + Engine.getInstance().defaultDevice());
                log.flush();
                try {
                    history =
                            ConsoleTraining.run(
                                    model,
                                    config,
                                    data,
                                    run,
                                    log,
                                    spec.commandLine().getErr(),
                                    "",
                                    resumed,
                                    fineTuning == null ? null : fineTuning.carried(),
                                    diagnostics.recorder(),
                                    stop);
                } catch (TrainingInterruptedException e) {
                    run.close(); // before the JVM is let go
                    stop.stopped(
                            spec.commandLine().getErr(),
                            e.getMessage()
                                    + (e.kept() == 0
                                            ? ""
                                            : "; continue with: ./bnlab train --resume "
                                                    + e.run()));
                    throw e;
                }
                printFirstBatchNorm(log, net);
            }
            if (quiet) {
                out.println(history.get(history.size() - 1).logLine());
            }
            out.println("run saved to " + run.path());
            // the same report compare writes, for this one run
            Report.write(
                    List.of(RunSummary.read(run.path())), run.path().resolve(Report.HTML_FILE));
        }
        return 0;
    }

    /**
     * The fine-tuning {@code --from} asks for, or {@code null}; checks the options that go with it.
     *
     * @throws CommandLine.ParameterException if an option contradicts it, or the source cannot
     *     freeze what is asked
     */
    private FineTuning fineTuning() throws Exception {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (from == null) {
            for (String option : List.of("--freeze-statistics", "--freeze-affine")) {
                if (parsed.hasMatchedOption(option)) {
                    throw new CommandLine.ParameterException(
                            spec.commandLine(),
                            option + " needs --from RUN_DIR: it freezes a trained run's layers");
                }
            }
            return null;
        }
        for (String option : List.of("--resume", "--variant", "--network")) {
            if (parsed.hasMatchedOption(option)) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        option
                                + " cannot be combined with --from: a fine-tuned run is a new run"
                                + " of its source's network");
            }
        }
        SavedRun source = SavedRun.open(from);
        return UsageErrors.check(
                spec, () -> new FineTuning(source, freezeStatistics, freezeAffine));
    }

    /** The chapter ends by showing the first batch-norm layer's learned scale and shift. */
    private static void printFirstBatchNorm(PrintWriter out, SequentialBlock net) {
        BatchNormBlock.findAll(net).stream()
                .filter(bn -> bn.gamma() != null)
                .findFirst()
                .ifPresent(
                        bn -> {
                            out.println("layer " + bn.index() + " gamma " + format(bn.gamma()));
                            out.println("layer " + bn.index() + " beta  " + format(bn.beta()));
                        });
    }

    private static String format(NDArray array) {
        float[] values = array.toFloatArray();
        String[] parts = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            parts[i] = String.format(Locale.ROOT, "%.4f", values[i]);
        }
        return Arrays.stream(parts).collect(Collectors.joining(", ", "[", "]"));
    }

    /** Completion candidates (and the help text) of {@code --variant}. */
    static final class VariantNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        VariantNames() {
            Arrays.stream(Variant.values()).forEach(v -> add(v.cliName()));
        }
    }
}
