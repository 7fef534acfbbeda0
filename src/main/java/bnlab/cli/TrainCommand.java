package bnlab.cli;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import bnlab.data.DataConfig;
import bnlab.data.FashionMnist;
import bnlab.model.LayerListing;
import bnlab.model.LeNet;
import bnlab.model.Variant;
import bnlab.train.ClassifierTrainer;
import bnlab.train.EpochMetrics;
import bnlab.train.OptimizerKind;
import bnlab.train.RunDirectory;
import bnlab.train.SavedRun;
import bnlab.train.TrainingConfig;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bnlab train}: trains one LeNet variant on Fashion-MNIST, as the chapter does. */
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
            "  ./bnlab train --limit-batches 20 --epochs 2  # a quick check",
            "  ./bnlab train --resume runs/concise --epochs 8  # 3 more epochs"
        })
public final class TrainCommand implements Callable<Integer> {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin VerboseOption verbose;

    @Option(
            names = "--variant",
            defaultValue = "scratch",
            description = "Batch norm to use: ${COMPLETION-CANDIDATES}.",
            completionCandidates = VariantNames.class)
    String variant;

    @Option(names = "--epochs", defaultValue = "" + TrainingConfig.DEFAULT_EPOCHS,
            description = "Passes over the 60,000 training images.")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "" + TrainingConfig.DEFAULT_BATCH_SIZE,
            description = "Examples per mini-batch.")
    int batchSize;

    @Option(names = "--lr", defaultValue = "" + TrainingConfig.DEFAULT_LEARNING_RATE,
            description = "Learning rate.")
    float learningRate;

    @Option(
            names = "--optimizer",
            defaultValue = "adam",
            description = "Optimizer: ${COMPLETION-CANDIDATES}.",
            completionCandidates = OptimizerNames.class)
    String optimizer;

    @Option(names = "--seed", defaultValue = "" + TrainingConfig.DEFAULT_SEED,
            description = "Seed of weight initialisation and shuffling.")
    long seed;

    @Option(names = "--data-dir", description = "Directory with the four Fashion-MNIST files"
            + " (default: search $FASHION_MNIST_DIR, ~/.cache/bnlab/fashion-mnist,"
            + " /usr/share/datasets/fashion-mnist, then download).")
    Path dataDir;

    @Option(names = "--output", description = "Run directory to create (default:"
            + " runs/<variant>-<timestamp>); must be new or empty.")
    Path output;

    @Option(names = "--limit-batches", description = "Use only the first N batches of each split"
            + " per epoch, for quick checks (default: all).")
    Integer limitBatches;

    @Option(names = "--threads", description = "PyTorch threads (default: the number of cores).")
    Integer threads;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue this run from its"
            + " last epoch up to --epochs (default: its planned total), with its settings.")
    Path resume;

    @Option(names = {"-q", "--quiet"}, description = "Print only the final epoch line and where"
            + " the run is saved.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        verbose.apply();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter log = quiet ? new PrintWriter(Writer.nullWriter()) : out;
        TrainingConfig requested = usage(() -> new TrainingConfig(
                Variant.parse(variant),
                epochs,
                batchSize,
                learningRate,
                OptimizerKind.parse(optimizer),
                seed,
                limitBatches,
                threads == null ? Runtime.getRuntime().availableProcessors() : threads));
        Resumption resumed = resume == null
                ? null
                : Resumption.open(spec, SavedRun.open(resume), requested);
        TrainingConfig config = resumed == null ? requested : resumed.config();
        Path target = output != null
                ? output
                : Path.of("runs", config.variant() + "-" + LocalDateTime.now().format(STAMP));
        RunDirectory run = resumed == null
                ? usage(() -> RunDirectory.prepare(target))
                : RunDirectory.reopen(resumed.run());
        EngineThreads.configure(config.threads());

        FashionMnist data = FashionMnist.locate(DataConfig.defaults(dataDir));
        Map<String, Object> settings = resumed == null ? new LinkedHashMap<>() : resumed.run().settings();
        settings.putAll(settings(config, data));
        List<EpochMetrics> history = resumed == null ? new ArrayList<>() : resumed.history();
        try (Model model = resumed == null ? newModel(config) : resumed.loadModel()) {
            SequentialBlock net = (SequentialBlock) model.getBlock();
            log.print(LayerListing.of("LeNet (" + config.variant() + ")", net, LeNet.inputShape(1)));
            log.println("training on " + Engine.getInstance().defaultDevice());
            log.flush();
            // Initialising the trainer keeps loaded parameters: Parameter.initialize skips them.
            try (ClassifierTrainer trainer =
                    new ClassifierTrainer(model, config, data.train(), data.test())) {
                if (resumed != null) {
                    resumed.checkRestored(trainer, log);
                }
                for (int epoch = history.size() + 1; epoch <= config.epochs(); epoch++) {
                    EpochMetrics metrics;
                    try (ProgressBarListener progress = ProgressBarListener.forEpoch(epoch)) {
                        metrics = trainer.trainEpoch(epoch, progress);
                    }
                    history.add(metrics);
                    log.println(metrics.logLine());
                    log.flush();
                    run.writeCheckpoint(model, settings, history);
                }
            }
            printFirstBatchNorm(log, net);
        }
        if (quiet) {
            out.println(history.get(history.size() - 1).logLine());
        }
        out.println("run saved to " + run.path());
        return 0;
    }

    private static Model newModel(TrainingConfig config) {
        Model model = Model.newInstance(RunDirectory.MODEL_NAME);
        model.setBlock(LeNet.builder().setVariant(config.variant()).build());
        return model;
    }

    private static Map<String, Object> settings(TrainingConfig config, FashionMnist data) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("variant", config.variant().cliName());
        settings.put("epochs", config.epochs());
        settings.put("batchSize", config.batchSize());
        settings.put("learningRate", config.learningRate());
        settings.put("optimizer", config.optimizer().cliName());
        settings.put("seed", config.seed());
        settings.put("limitBatches", config.limitBatches());
        settings.put("threads", config.threads());
        settings.put("dataDir", data.directory().toAbsolutePath().toString());
        settings.put("versions", Versions.all());
        return settings;
    }

    /** The chapter ends by showing the first batch-norm layer's learned scale and shift. */
    private static void printFirstBatchNorm(PrintWriter out, SequentialBlock net) {
        List<Block> layers = net.getChildren().values();
        for (int i = 0; i < layers.size(); i++) {
            Map<String, Parameter> params = new LinkedHashMap<>();
            layers.get(i).getParameters().forEach(p -> params.put(p.getKey(), p.getValue()));
            if (params.containsKey("gamma") && params.containsKey("beta")) {
                out.println("layer " + i + " gamma " + format(params.get("gamma").getArray()));
                out.println("layer " + i + " beta  " + format(params.get("beta").getArray()));
                return;
            }
        }
    }

    private static String format(NDArray array) {
        float[] values = array.toFloatArray();
        String[] parts = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            parts[i] = String.format(Locale.ROOT, "%.4f", values[i]);
        }
        return Arrays.stream(parts).collect(Collectors.joining(", ", "[", "]"));
    }

    /** Runs {@code step}, turning a bad setting into a usage error (exit 2). */
    private <T> T usage(CheckedSupplier<T> step) throws Exception {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface CheckedSupplier<T> {
        T get() throws Exception;
    }

    /** Completion candidates (and the help text) of {@code --variant}. */
    static final class VariantNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        VariantNames() {
            Arrays.stream(Variant.values()).forEach(v -> add(v.cliName()));
        }
    }

    /** Completion candidates (and the help text) of {@code --optimizer}. */
    static final class OptimizerNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        OptimizerNames() {
            Arrays.stream(OptimizerKind.values()).forEach(k -> add(k.cliName()));
        }
    }
}
