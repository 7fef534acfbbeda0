package bnlab.report;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import bnlab.data.Split;
import bnlab.model.LeNet;
import bnlab.train.RunDirectory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The last checkpoint of a saved run, loaded for the report: its parameters and its predictions. */
public final class TrainedModel implements AutoCloseable {

    /** Examples per inference batch. */
    private static final int BATCH = 1000;

    private final Model model;
    private final ParameterStore parameters;

    private TrainedModel(Model model) {
        this.model = model;
        // false: use the parameters' own arrays, no copies
        this.parameters = new ParameterStore(model.getNDManager(), false);
    }

    /** Loads the last epoch's parameters of {@code run} into a fresh LeNet of its variant. */
    public static TrainedModel load(RunSummary run) throws IOException, MalformedModelException {
        Model model = Model.newInstance(RunDirectory.MODEL_NAME);
        try {
            model.setBlock(LeNet.builder().setVariant(run.variant()).build());
            model.load(run.dir(), RunDirectory.MODEL_NAME);
            return new TrainedModel(model);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw e;
        }
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
            Map<String, Parameter> params = blocks.get(i).getParameters().stream()
                    .collect(Collectors.toMap(p -> p.getKey(), p -> p.getValue()));
            if (params.containsKey("gamma") && params.containsKey("runningVar")) {
                layers.add(new BatchNormLayer(
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

    /**
     * The predicted class of the first {@code count} examples of {@code split}, in inference mode
     * (moving statistics), one memory scope per batch.
     */
    public int[] predict(Split split, int count) {
        int[] predicted = new int[count];
        for (int from = 0; from < count; from += BATCH) {
            int n = Math.min(BATCH, count - from);
            try (NDManager batch = model.getNDManager().newSubManager()) {
                NDArray x = batch.create(split.pixelsAsFloats(from, n), LeNet.inputShape(n));
                NDArray logits = model.getBlock()
                        .forward(parameters, new NDList(x), false)
                        .singletonOrThrow();
                long[] classes = logits.argMax(1).toLongArray();
                for (int i = 0; i < n; i++) {
                    predicted[from + i] = (int) classes[i];
                }
            }
        }
        return predicted;
    }

    @Override
    public void close() {
        model.close();
    }
}
