package bnlab.experiment;

import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.NormalInitializer;
import bnlab.data.FashionMnist;
import bnlab.errors.SettingException;
import bnlab.nn.ScratchBatchNorm;

/**
 * The network of Ioffe and Szegedy (2015), §4.1: 784 → 100 → 100 → 100 → 10, sigmoid hidden units,
 * weights drawn from a small Gaussian, biases zero; optionally a {@link ScratchBatchNorm} after
 * each hidden linear layer, before its sigmoid. The softmax is in the loss.
 */
public final class Figure1Network {

    /** Units per hidden layer. */
    public static final int HIDDEN_UNITS = 100;

    /** Number of hidden layers. */
    public static final int HIDDEN_LAYERS = 3;

    private Figure1Network() {}

    /**
     * Builds the network (not initialised).
     *
     * @param batchNorm whether to add batch norm before each sigmoid
     * @param initSigma standard deviation of the Gaussian the weights are drawn from
     */
    public static SequentialBlock build(boolean batchNorm, float initSigma) {
        if (!(initSigma > 0) || Float.isInfinite(initSigma)) {
            throw new SettingException("initSigma", "must be positive, got " + initSigma);
        }
        SequentialBlock net = new SequentialBlock();
        net.add(Blocks.batchFlattenBlock());
        for (int i = 0; i < HIDDEN_LAYERS; i++) {
            net.add(Linear.builder().setUnits(HIDDEN_UNITS).build());
            if (batchNorm) {
                net.add(ScratchBatchNorm.builder().build());
            }
            net.add(Activation.sigmoidBlock());
        }
        net.add(Linear.builder().setUnits(FashionMnist.NUM_CLASSES).build());
        net.setInitializer(new NormalInitializer(initSigma), Parameter.Type.WEIGHT);
        return net;
    }

    /**
     * The index of the child whose output is the input to the last hidden layer's sigmoids (after
     * batch norm when there is one): what the paper's Figure 1(b, c) plots.
     */
    public static int probedChild(SequentialBlock net) {
        // the children end ... sigmoid, linear(10): the last sigmoid is second to last
        return net.getChildren().size() - 3;
    }
}
