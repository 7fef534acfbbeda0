package bnlab.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import bnlab.model.LeNet;
import bnlab.model.Variant;
import java.io.DataInputStream;
import java.io.DataOutputStream;

/**
 * Test fault: passes its input through, except that from the k-th training forward pass on it
 * multiplies it by NaN, so the loss becomes NaN. It has no parameters and writes nothing, so a
 * LeNet ending in it saves exactly the file a plain LeNet does (SavedRun loads it as usual). This
 * LeNet stays finite even at absurd learning rates, hence the injection.
 */
public final class NanAfterBlock extends AbstractBlock {

    private final int k;
    private int trainingCalls;

    private NanAfterBlock(int k) {
        this.k = k;
    }

    /** A LeNet of {@code variant} whose output turns NaN from its k-th training forward pass. */
    public static SequentialBlock lenetFailingAt(Variant variant, int k) {
        SequentialBlock net = LeNet.builder().setVariant(variant).build();
        return net.add(new NanAfterBlock(k));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        if (training && ++trainingCalls >= k) {
            return new NDList(inputs.singletonOrThrow().mul(Float.NaN));
        }
        return inputs;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public void saveParameters(DataOutputStream os) {
        // nothing: the file stays that of a plain LeNet
    }

    @Override
    public void loadParameters(NDManager manager, DataInputStream is)
            throws MalformedModelException {
        // nothing was saved
    }
}
