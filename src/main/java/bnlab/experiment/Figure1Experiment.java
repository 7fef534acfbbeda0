package bnlab.experiment;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import bnlab.bench.Stats;
import bnlab.data.Split;
import bnlab.errors.SettingException;
import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.run.TrainingInterruptedException;
import bnlab.train.ClassifierTrainer;
import bnlab.train.Inference;
import bnlab.train.NativeSplit;
import bnlab.train.OptimizerKind;
import bnlab.train.TrainingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The experiment of Ioffe and Szegedy (2015), §4.1 and Figure 1: the {@link Figure1Network} trained
 * with plain SGD without and with batch norm, measuring every few steps the test accuracy and the
 * 15th, 50th and 85th percentiles of the input to one sigmoid of the last hidden layer over a fixed
 * probe batch, in inference mode.
 */
public final class Figure1Experiment {

    private final Figure1Config config;
    private final Split train;
    private final Split test;

    /** The experiment with {@code config} on the given splits. */
    public Figure1Experiment(Figure1Config config, Split train, Split test) {
        if (config.probeImages() > test.count()) {
            throw new SettingException(
                    "probeImages",
                    config.probeImages() + " exceeds the " + test.count() + " test images");
        }
        this.config = config;
        this.train = train;
        this.test = test;
    }

    /**
     * Trains the network without, then with batch norm, from the same seed.
     *
     * @param onPoint told of each measurement as it is made (for progress output and saving)
     * @param stop asked before each step whether to stop
     * @return every measurement, the network without batch norm first
     * @throws TrainingInterruptedException naming the network and step, if {@code stop} said so
     */
    public List<Figure1Point> run(Consumer<Figure1Point> onPoint, BooleanSupplier stop) {
        List<Figure1Point> points = new ArrayList<>();
        for (boolean batchNorm : new boolean[] {false, true}) {
            points.addAll(train(batchNorm, onPoint, stop));
        }
        return points;
    }

    private List<Figure1Point> train(
            boolean batchNorm, Consumer<Figure1Point> onPoint, BooleanSupplier stop) {
        String network = batchNorm ? Figure1Point.WITH_BN : Figure1Point.WITHOUT_BN;
        // the network only names the normalisation; the block is the Figure 1 network
        TrainingConfig trainingConfig =
                new TrainingConfig(
                        NetworkConfig.of(batchNorm ? Variant.SCRATCH : Variant.PLAIN),
                        1,
                        config.batchSize(),
                        config.learningRate(),
                        OptimizerKind.SGD,
                        config.seed(),
                        null,
                        config.threads());
        List<Figure1Point> points = new ArrayList<>();
        try (Model model = Model.newInstance("figure1-" + network)) {
            SequentialBlock net = Figure1Network.build(batchNorm, config.initSigma());
            model.setBlock(net);
            try (ClassifierTrainer trainer =
                            new ClassifierTrainer(model, trainingConfig, train, test);
                    NDManager manager = model.getNDManager().newSubManager();
                    NativeSplit probeSplit = new NativeSplit(manager, test)) {
                int perEpoch = trainer.trainSize() / config.batchSize();
                long[] order = null;
                for (int step = 0; step <= config.steps(); step++) {
                    if (step % config.every() == 0 || step == config.steps()) {
                        Figure1Point point =
                                measure(step, network, trainer, net, manager, probeSplit);
                        points.add(point);
                        onPoint.accept(point);
                    }
                    if (step == config.steps()) {
                        break;
                    }
                    if (stop.getAsBoolean()) {
                        throw new TrainingInterruptedException(
                                "at step " + step + " of " + network);
                    }
                    int inEpoch = step % perEpoch;
                    if (inEpoch == 0) { // a fresh shuffle per epoch, as ClassifierTrainer does
                        order =
                                ClassifierTrainer.shuffledIndices(
                                        trainer.trainSize(), config.seed(), step / perEpoch + 1);
                    }
                    int from = inEpoch * config.batchSize();
                    trainer.timedStep(Arrays.copyOfRange(order, from, from + config.batchSize()));
                }
            }
        }
        return points;
    }

    private Figure1Point measure(
            int step,
            String network,
            ClassifierTrainer trainer,
            SequentialBlock net,
            NDManager manager,
            NativeSplit probeSplit) {
        double accuracy = trainer.testAccuracy();
        double[] inputs = probe(net, manager, probeSplit);
        return new Figure1Point(
                step,
                network,
                accuracy,
                Stats.percentile(inputs, 15),
                Stats.percentile(inputs, 50),
                Stats.percentile(inputs, 85));
    }

    /** The probed sigmoid's input for each probe image, in inference mode. */
    private double[] probe(SequentialBlock net, NDManager manager, NativeSplit probeSplit) {
        return Inference.onBatch(
                manager,
                probeSplit,
                0,
                config.probeImages(),
                batch -> {
                    NDList x = new NDList(batch.images());
                    ParameterStore parameters = new ParameterStore(batch.manager(), false);
                    List<Block> children = net.getChildren().values();
                    int last = Figure1Network.probedChild(net);
                    for (int i = 0; i <= last; i++) {
                        x = children.get(i).forward(parameters, x, false);
                    }
                    NDArray unit =
                            x.singletonOrThrow().get(new NDIndex(":, " + config.probedUnit()));
                    float[] values = unit.toFloatArray();
                    double[] result = new double[values.length];
                    for (int i = 0; i < values.length; i++) {
                        result[i] = values[i];
                    }
                    return result;
                });
    }
}
