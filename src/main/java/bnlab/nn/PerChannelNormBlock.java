package bnlab.nn;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * What {@link ScratchBatchNorm} and {@link LiteNorm} share as blocks normalizing per channel (axis
 * 1) of a (N, C), (N, C, L) or (N, C, H, W) input: the channel count taken from the input shape and
 * saved with the model, parameters of shape (C), an output of the input's shape, and the in-place
 * overwrite of the moving statistics.
 */
abstract class PerChannelNormBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    // named in the error for an unknown saved version
    private final String blockName;
    private long channels;

    PerChannelNormBlock(String blockName) {
        super(VERSION);
        this.blockName = blockName;
    }

    static Parameter param(String name, Parameter.Type type, boolean trainable) {
        return Parameter.builder().setName(name).setType(type).optRequiresGrad(trainable).build();
    }

    /**
     * The parameters of shape (C); absent ones are null.
     *
     * @return the per-channel parameters
     */
    abstract Parameter[] perChannelParameters();

    /**
     * Copies {@code value} into the store's array in place, and into the parameter's own array when
     * the store handed out a different array, so every holder of either array sees the update. (On
     * one device DJL's copying store hands out an alias of the same storage, but across devices it
     * holds a real copy.)
     */
    static void overwrite(Parameter parameter, NDArray stored, NDArray value) {
        InPlace.copy(stored, value);
        NDArray own = parameter.getArray();
        if (own != stored) {
            InPlace.copy(own, value.toDevice(own.getDevice(), false));
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** {@inheritDoc} */
    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        Shape shape = inputShapes[0];
        if (shape.dimension() < 2 || shape.dimension() > 4) {
            throw new IllegalArgumentException(
                    "input must have rank 2, 3 or 4, got shape "
                            + shape
                            + " of rank "
                            + shape.dimension());
        }
        channels = shape.get(1);
    }

    /** {@inheritDoc} */
    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape perChannel = new Shape(channels);
        for (Parameter p : perChannelParameters()) {
            if (p != null) {
                p.setShape(perChannel);
            }
        }
    }

    /** {@inheritDoc} */
    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeLong(channels);
    }

    /** {@inheritDoc} */
    @Override
    protected void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException(
                    "Unsupported " + blockName + " encoding version: " + loadVersion);
        }
        readInputShapes(is);
        channels = is.readLong();
    }
}
