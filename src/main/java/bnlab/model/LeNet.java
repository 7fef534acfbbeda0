package bnlab.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import bnlab.data.FashionMnist;
import bnlab.nn.ScratchBatchNorm;
import java.util.function.Supplier;

/**
 * LeNet-5 with batch normalisation, as in D2L 5.10: conv 1→6 k5, BN, sigmoid, max-pool 2/2; conv
 * 6→16 k5, BN, sigmoid, max-pool 2/2; flatten to 256; linear 120, BN, sigmoid; linear 84, BN,
 * sigmoid; linear 10. One definition serves every {@link Variant}: only the normalisation block
 * differs.
 */
public final class LeNet {

    /** Shape of one input example: one gray channel of the Fashion-MNIST image size. */
    public static final Shape EXAMPLE_SHAPE =
            new Shape(1, FashionMnist.IMAGE_SIZE, FashionMnist.IMAGE_SIZE);

    private LeNet() {}

    /** The input shape for a batch of {@code batchSize} examples. */
    public static Shape inputShape(long batchSize) {
        return new Shape(batchSize).addAll(EXAMPLE_SHAPE);
    }

    /** A new builder; {@link Builder#setVariant} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds the network of one variant. */
    public static final class Builder {
        private Variant variant;
        private Supplier<ScratchBatchNorm> scratchFactory =
                () -> ScratchBatchNorm.builder().build();

        private Builder() {}

        /** The variant to build (required). */
        public Builder setVariant(Variant variant) {
            this.variant = variant;
            return this;
        }

        /**
         * How each from-scratch batch-norm layer is made, for the {@code scratch} variant (default:
         * {@code ScratchBatchNorm.builder().build()}).
         */
        public Builder optScratchBatchNorm(Supplier<ScratchBatchNorm> factory) {
            this.scratchFactory = factory;
            return this;
        }

        /**
         * Builds the network.
         *
         * @throws IllegalArgumentException if the variant or the scratch factory is missing
         */
        public SequentialBlock build() {
            if (variant == null) {
                throw new IllegalArgumentException(
                        "variant must be set, one of " + Variant.names());
            }
            if (scratchFactory == null) {
                throw new IllegalArgumentException("scratchBatchNorm factory must not be null");
            }
            SequentialBlock net = new SequentialBlock();
            net.add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(6).build());
            addNormalisedSigmoid(net);
            net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            net.add(Conv2d.builder().setKernelShape(new Shape(5, 5)).setFilters(16).build());
            addNormalisedSigmoid(net);
            net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            net.add(Blocks.batchFlattenBlock());
            net.add(Linear.builder().setUnits(120).build());
            addNormalisedSigmoid(net);
            net.add(Linear.builder().setUnits(84).build());
            addNormalisedSigmoid(net);
            net.add(Linear.builder().setUnits(FashionMnist.NUM_CLASSES).build());
            return net;
        }

        private void addNormalisedSigmoid(SequentialBlock net) {
            Block norm = normalisation();
            if (norm != null) {
                net.add(norm);
            }
            net.add(Activation.sigmoidBlock());
        }

        private Block normalisation() {
            switch (variant) {
                case SCRATCH:
                    return scratchFactory.get();
                case CONCISE:
                    return BatchNorm.builder().build();
                case PLAIN:
                    return null;
                default:
                    throw new AssertionError(variant);
            }
        }
    }
}
