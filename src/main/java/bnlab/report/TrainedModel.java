package bnlab.report;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import bnlab.data.Split;
import bnlab.run.SavedRun;
import bnlab.train.Inference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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

    /** Loads the last epoch's parameters of {@code run} into a fresh LeNet of its variant. */
    public static TrainedModel load(RunSummary run) {
        return new TrainedModel(SavedRun.open(run.dir()).loadModel());
    }

    /** The number of trainable values (weights, biases, gamma and beta). */
    public long parameterCount() {
        return model.getBlock().getParameters().values().stream()
                .filter(Parameter::requiresGradient)
                .mapToLong(p -> p.getArray().size())
                .sum();
    }

    /** Every batch-norm layer, in network order (none for the plain variant). */
    public List<BatchNormLayer> batchNormLayers() {
        List<BatchNormLayer> layers = new ArrayList<>();
        List<Block> blocks = model.getBlock().getChildren().values();
        for (int i = 0; i < blocks.size(); i++) {
            Map<String, Parameter> params =
                    blocks.get(i).getParameters().stream()
                            .collect(Collectors.toMap(p -> p.getKey(), p -> p.getValue()));
            if (params.containsKey("gamma") && params.containsKey("runningVar")) {
                layers.add(
                        new BatchNormLayer(
                                i,
                                blocks.get(i).getClass().getSimpleName(),
                                params.get("gamma").getArray().toFloatArray(),
                                params.get("beta").getArray().toFloatArray(),
                                params.get("runningMean").getArray().toFloatArray(),
                                params.get("runningVar").getArray().toFloatArray()));
            }
        }
        return layers;
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
