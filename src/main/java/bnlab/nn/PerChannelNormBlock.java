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
 * saved with the model, parameters of shape (C), an output of the input's shape, the in-place
 * overwrite of the moving statistics, and the builders' ε and affine settings.
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

    /**
     * The settings every per-channel block's builder has: ε and whether the block is affine.
     *
     * @param <T> the block's own builder, which the setters return
     */
    abstract static class NormBuilder<T extends NormBuilder<T>> {

        float epsilon = 1e-5f;
        boolean affine = true;

        abstract T self();

        /**
         * Sets ε, the positive constant added to the variance. Defaults to 1e-5.
         *
         * @param epsilon the epsilon
         * @return this builder
         */
        public T optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return self();
        }

        /**
         * Sets whether the block learns its scale γ and shift β (a mean-only {@link LiteNorm} has
         * only β, a variance-only one only γ). Defaults to true; false fixes γ at 1 and β at 0:
         * {@link ScratchBatchNorm} and {@link LiteNorm} then create no such parameters, {@link
         * GroupNorm} keeps them without gradient so that its saved model has the same parameters.
         *
         * @param affine whether to scale and shift
         * @return this builder
         */
        public T optAffine(boolean affine) {
            this.affine = affine;
            return self();
        }

        /** Checks the shared settings, naming the builder's field. */
        void validate() {
            BatchNormOps.requireEps("epsilon", epsilon);
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
