package bnlab.studies;

import ai.djl.Model;
import bnlab.data.FashionMnist;
import bnlab.data.Split;
import bnlab.model.LeNet;
import bnlab.model.NetworkConfig;
import bnlab.run.RunDirectory;
import bnlab.study.NetworkTrainer;
import bnlab.study.RunOutcome;
import bnlab.study.Study;
import bnlab.study.StudyConfig;
import bnlab.study.TrainingRequest;
import bnlab.train.ClassifierTrainer;
import bnlab.train.EpochMetrics;
import bnlab.train.Inference;
import bnlab.train.OptimizerKind;
import bnlab.train.PopulationStatistics;
import bnlab.train.TrainingConfig;
import bnlab.train.TrainingDivergedException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trains the networks of a study on Fashion-MNIST with DJL: for each request a fresh LeNet built
 * from the configuration's settings ({@link #NETWORK}, {@link #OPTIMIZER}, {@link #LR}), trained by
 * {@link ClassifierTrainer} as {@code bnlab train} trains, seeded by the request's seed (weights
 * and shuffle). The data is loaded once by the creator and shared by every network; each network's
 * model and native arrays are closed when it is done, so memory does not grow over a study.
 */
public final class LeNetStudyTrainer implements NetworkTrainer {

    /** Setting: the network in {@link NetworkConfig}'s text form. */
    public static final String NETWORK = "network";

    /** Setting: the optimizer, {@code adam} or {@code sgd}. */
    public static final String OPTIMIZER = "optimizer";

    /** Setting: the fixed learning rate. */
    public static final String LR = "lr";

    /** Optional setting: the configuration's own batch size, instead of the trainer's. */
    public static final String BATCH = "batch";

    /**
     * Optional setting: the training examples each epoch sees, as ⌈examples / batch⌉ batches, so
     * that networks of different batch sizes see the same data; a plan's batches per epoch ({@code
     * --quick}) win over it.
     */
    public static final String EXAMPLES = "examples";

    /** Measure: the number of trainable parameters (elements, not tensors). */
    public static final String PARAMS = "params";

    /** Measure: accuracy on the training split in inference mode after the last epoch. */
    public static final String TRAIN_ACC_EVAL = "train_acc_eval";

    /** Measure: {@link #TRAIN_ACC_EVAL} minus test accuracy, the generalization gap. */
    public static final String GAP = "gap";

    /**
     * Measure: test accuracy with population statistics ({@link PopulationStatistics}), measured
     * last, as it replaces the network's moving statistics.
     */
    public static final String POPULATION_ACC = "population_acc";

    /** Measure: {@link #POPULATION_ACC} minus test accuracy (with the moving statistics). */
    public static final String POPULATION_GAIN = "population_gain";

    /**
     * Measure: how far the moving means lagged the population's, {@link
     * PopulationStatistics.LayerChange#meanShift()} averaged over the batch-norm layers.
     */
    public static final String MEAN_SHIFT = "mean_shift";

    /**
     * Measure: how far the moving variances lagged the population's, {@link
     * PopulationStatistics.LayerChange#varianceLogRatio()} averaged over the batch-norm layers.
     */
    public static final String VAR_LOG_RATIO = "var_log_ratio";

    /** The measures this trainer can record beyond the standard three, except the batch ones. */
    public static final List<String> MEASURES =
            List.of(
                    PARAMS,
                    TRAIN_ACC_EVAL,
                    GAP,
                    POPULATION_ACC,
                    POPULATION_GAIN,
                    MEAN_SHIFT,
                    VAR_LOG_RATIO);

    /**
     * Measures {@code batch_acc_b<B>}: test accuracy with each test batch of B normalised by its
     * own statistics ({@link Inference#evaluateWithBatchStatistics}); and {@code batch_gain_b<B>}:
     * that minus test accuracy, negative when forgetting inference mode costs accuracy.
     */
    private static final Pattern BATCH_MEASURE = Pattern.compile("batch_(acc|gain)_b([1-9]\\d*)");

    /** The mini-batch size of every network of a chapter study: the chapter's. */
    public static final int BATCH_SIZE = TrainingConfig.DEFAULT_BATCH_SIZE;

    private final FashionMnist data;
    private final int batchSize;
    private final int threads;

    /**
     * A trainer on {@code data}.
     *
     * @param batchSize examples per mini-batch of every network whose configuration sets none
     *     ({@link #BATCH}); {@link #BATCH_SIZE} in the chapter's studies
     * @param threads PyTorch threads (recorded in each network's training settings)
     */
    public LeNetStudyTrainer(FashionMnist data, int batchSize, int threads) {
        this.data = data;
        this.batchSize = batchSize;
        this.threads = threads;
    }

    /**
     * The settings every network trained with mini-batches of {@code batchSize} shares, for {@code
     * StudyRunner}: a directory made with other ones is refused when continuing.
     */
    public static Map<String, String> sharedSettings(int batchSize) {
        return Map.of("batchSize", Integer.toString(batchSize));
    }

    /**
     * The settings every network of {@code study} shares: {@link #sharedSettings(int)}, or none
     * where its configurations set their own batch size.
     */
    public static Map<String, String> sharedSettings(Study study, int batchSize) {
        boolean own = study.configs().stream().anyMatch(c -> c.settings().containsKey(BATCH));
        return own ? Map.of() : sharedSettings(batchSize);
    }

    /**
     * A configuration of a study trained by this trainer.
     *
     * @param name the name in tables and charts
     * @param network the network
     * @param optimizer the optimizer
     * @param lr its fixed learning rate, recorded as the float training uses (a float widened to
     *     double, as 0.001f is, is written 0.001, not 0.0010000000474974513)
     * @return the configuration, the network in its canonical text form
     */
    public static StudyConfig config(
            String name, NetworkConfig network, OptimizerKind optimizer, double lr) {
        return StudyConfig.of(
                name,
                NETWORK,
                network.toString(),
                OPTIMIZER,
                optimizer.cliName(),
                LR,
                formatLr(Double.parseDouble(Float.toString((float) lr))));
    }

    /** A learning rate as written in settings and names: plain decimals, e.g. {@code 0.001}. */
    public static String formatLr(double lr) {
        return new BigDecimal(Double.toString(lr)).stripTrailingZeros().toPlainString();
    }

    @Override
    public RunOutcome train(TrainingRequest request) {
        for (String m : request.measures()) {
            if (!records(m)) {
                throw new IllegalArgumentException(
                        "measure '"
                                + m
                                + "' is not one this trainer records: "
                                + MEASURES
                                + " or batch_acc_b<B>, batch_gain_b<B>");
            }
        }
        NetworkConfig network = NetworkConfig.parse(setting(request, NETWORK));
        Map<String, String> settings = request.config().settings();
        int size = settings.containsKey(BATCH) ? Integer.parseInt(settings.get(BATCH)) : batchSize;
        Integer limitBatches = request.limitBatches();
        if (limitBatches == null && settings.containsKey(EXAMPLES)) {
            // ⌈examples / size⌉
            long examples = Long.parseLong(settings.get(EXAMPLES));
            limitBatches = Math.toIntExact((examples + size - 1) / size);
        }
        TrainingConfig config =
                new TrainingConfig(
                        network,
                        request.epochs(),
                        size,
                        Float.parseFloat(setting(request, LR)),
                        OptimizerKind.parse(setting(request, OPTIMIZER)),
                        request.seed(),
                        limitBatches,
                        threads);
        List<EpochMetrics> epochs = new ArrayList<>();
        try (Model model = RunDirectory.newLeNetModel(network)) {
            try (ClassifierTrainer trainer =
                    new ClassifierTrainer(model, config, data.train(), data.test())) {
                for (int epoch = 1; epoch <= request.epochs(); epoch++) {
                    request.checkStop();
                    try {
                        epochs.add(
                                trainer.trainEpoch(
                                        epoch, (batch, batches, loss) -> request.checkStop()));
                    } catch (TrainingDivergedException e) {
                        // a finding of the study (the learning rate was too large), not a failure
                        return RunOutcome.diverged(
                                epochs, measures(request, config, model, null, null));
                    }
                }
                EpochMetrics last = epochs.get(epochs.size() - 1);
                return RunOutcome.completed(
                        epochs, measures(request, config, model, trainer, last));
            }
        }
    }

    /** Whether this trainer records {@code measure}: one of {@link #MEASURES} or a batch one. */
    public static boolean records(String measure) {
        return MEASURES.contains(measure) || BATCH_MEASURE.matcher(measure).matches();
    }

    /** {@code batch_acc_b<B>} of test batch size B. */
    public static String batchAccuracy(int testBatchSize) {
        return "batch_acc_b" + testBatchSize;
    }

    /** {@code batch_gain_b<B>} of test batch size B. */
    public static String batchGain(int testBatchSize) {
        return "batch_gain_b" + testBatchSize;
    }

    /**
     * The requested measures. A diverged network ({@code trainer} null) has no accuracies, so its
     * accuracy measures are NaN; its parameters are counted all the same. Population statistics
     * come last: they replace the model's moving statistics.
     */
    private Map<String, Double> measures(
            TrainingRequest request,
            TrainingConfig config,
            Model model,
            ClassifierTrainer trainer,
            EpochMetrics last) {
        List<String> wanted = request.measures();
        Map<String, Double> values = new LinkedHashMap<>();
        double trainEval =
                trainer != null && (wanted.contains(TRAIN_ACC_EVAL) || wanted.contains(GAP))
                        ? trainer.trainAccuracyInInferenceMode()
                        : Double.NaN;
        double running = last == null ? Double.NaN : last.testAccuracy();
        Split test = last == null ? null : testImages(config);
        Map<Integer, Double> batchAccuracies = new LinkedHashMap<>();
        for (String m : wanted) {
            Matcher batch = BATCH_MEASURE.matcher(m);
            if (batch.matches()) {
                int size = Integer.parseInt(batch.group(2));
                batchAccuracies.computeIfAbsent(
                        size,
                        b ->
                                last == null
                                        ? Double.NaN
                                        : Inference.evaluateWithBatchStatistics(
                                                        model, test, b, null)
                                                .accuracy());
            }
        }
        double population = Double.NaN;
        List<PopulationStatistics.LayerChange> changes = List.of();
        if (last != null
                && wanted.stream()
                        .anyMatch(
                                m ->
                                        List.of(
                                                        POPULATION_ACC,
                                                        POPULATION_GAIN,
                                                        MEAN_SHIFT,
                                                        VAR_LOG_RATIO)
                                                .contains(m))) {
            changes = PopulationStatistics.recalibrate(model, data.train());
            population = Inference.evaluate(model, test, config.batchSize(), null).accuracy();
        }
        for (String m : wanted) {
            Matcher batch = BATCH_MEASURE.matcher(m);
            double value;
            if (batch.matches()) {
                double accuracy = batchAccuracies.get(Integer.parseInt(batch.group(2)));
                value = batch.group(1).equals("acc") ? accuracy : accuracy - running;
            } else {
                value =
                        switch (m) {
                            case PARAMS -> (double) LeNet.trainableParameters(model.getBlock());
                            case TRAIN_ACC_EVAL -> trainEval;
                            case GAP -> trainEval - running;
                            case POPULATION_ACC -> population;
                            case POPULATION_GAIN -> population - running;
                            case MEAN_SHIFT ->
                                    lag(changes, PopulationStatistics.LayerChange::meanShift);
                            case VAR_LOG_RATIO ->
                                    lag(
                                            changes,
                                            PopulationStatistics.LayerChange::varianceLogRatio);
                            default -> throw new AssertionError(m);
                        };
            }
            values.put(m, value);
        }
        return values;
    }

    /**
     * The test images the trainer's test accuracy was taken on: the whole test split, or its first
     * images when batches are limited; every other accuracy measure uses the same ones, so that
     * differences to the test accuracy are paired image for image.
     */
    private Split testImages(TrainingConfig config) {
        Split test = data.test();
        long images =
                Math.min(
                        test.count(),
                        (long) config.batchesPerEpoch(test.count()) * config.batchSize());
        return images == test.count() ? test : test.first(Math.toIntExact(images));
    }

    /** A lag measure averaged over the recalibrated layers; NaN if there were none. */
    private static double lag(
            List<PopulationStatistics.LayerChange> changes,
            ToDoubleFunction<PopulationStatistics.LayerChange> measure) {
        return changes.stream().mapToDouble(measure).average().orElse(Double.NaN);
    }

    private static String setting(TrainingRequest request, String key) {
        String value = request.config().settings().get(key);
        if (value == null) {
            throw new IllegalArgumentException(
                    "configuration " + request.config().name() + " lacks the setting " + key);
        }
        return value;
    }
}
