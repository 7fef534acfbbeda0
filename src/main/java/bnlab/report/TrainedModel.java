package bnlab.report;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import bnlab.data.Split;
import bnlab.model.BatchNormBlock;
import bnlab.model.LeNet;
import bnlab.run.SavedRun;
import bnlab.train.Inference;
import java.util.List;

/**
 * The last checkpoint of a saved run, loaded for the report: its parameters and its predictions.
 */
public final class TrainedModel implements AutoCloseable {

    /** Examples per inference batch. */
    private static final int BATCH = 1000;

    private final Model model;

    private TrainedModel(Model model) {
        this.model = model;
    }

    /** Loads the last epoch's parameters of {@code run} into a fresh LeNet of its network. */
    public static TrainedModel load(RunSummary run) {
        return new TrainedModel(SavedRun.open(run.dir()).loadModel());
    }

    /** The number of trainable values (weights, biases, gamma and beta). */
    public long parameterCount() {
        return LeNet.trainableParameters(model.getBlock());
    }

    /** Every batch-norm layer, in network order (none for the plain variant). */
    public List<BatchNormLayer> batchNormLayers() {
        return BatchNormBlock.findAll(model.getBlock()).stream()
                .map(
                        bn ->
                                new BatchNormLayer(
                                        bn.index(),
                                        bn.type(),
                                        (int) bn.channels(),
                                        values(bn.gamma()),
                                        values(bn.beta()),
                                        values(bn.runningMean()),
                                        values(bn.runningVar())))
                .toList();
    }

    private static float[] values(NDArray parameter) {
        return parameter == null ? null : parameter.toFloatArray();
    }

    /** The predicted class of every example of {@code split}, in inference mode. */
    public int[] predict(Split split) {
        return Inference.predict(model, split, BATCH, null);
    }

    @Override
    public void close() {
        model.close();
    }
}
