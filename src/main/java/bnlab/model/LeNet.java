package bnlab.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import bnlab.data.FashionMnist;
import bnlab.nn.GroupNorm;
import bnlab.nn.LiteNorm;
import bnlab.nn.ScratchBatchNorm;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * LeNet-5 with batch normalisation, as in D2L 5.10: conv 1→6 k5, BN, sigmoid, max-pool 2/2; conv
 * 6→16 k5, BN, sigmoid, max-pool 2/2; flatten to 256; linear 120, BN, sigmoid; linear 84, BN,
 * sigmoid; linear 10. A {@link NetworkConfig} varies what surrounds the four conv and hidden linear
 * layers (normalizer, its position, bias, affine, dropout, activation); each {@link Variant} is one
 * such configuration.
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

    /**
     * The number of trainable values of an initialised network: weights, biases, and γ and β where
     * they are learned; not the moving statistics. The report's table and the studies' {@code
     * params} measure show it.
     */
    public static long trainableParameters(Block net) {
        return net.getParameters().values().stream()
                .filter(Parameter::requiresGradient)
                .mapToLong(p -> p.getArray().size())
                .sum();
    }

    /**
     * Where the layers of the network of {@code config} sit among its children (the network {@link
     * Builder#build} makes from it).
     */
    public static SiteLayout layout(NetworkConfig config) {
        Builder builder = builder().setConfig(config);
        SequentialBlock net = builder.build();
        return new SiteLayout(builder.sites, net.getChildren().size() - 1);
    }

    /** A new builder; {@link Builder#setConfig} or {@link Builder#setVariant} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds the network of one configuration. */
    public static final class Builder {
        private NetworkConfig config;
        private Supplier<ScratchBatchNorm> scratchFactory;
        private boolean customScratch;
        private final List<SiteLayout.Site> sites = new ArrayList<>();

        private Builder() {}

        /**
         * The configuration to build (required, or {@link #setVariant}).
         *
         * @param config the network configuration
         * @return this builder
         */
        public Builder setConfig(NetworkConfig config) {
            this.config = config;
            return this;
        }

        /**
         * Builds one of today's variants: the same as {@code setConfig(NetworkConfig.of(variant))}.
         *
         * @param variant the variant
         * @return this builder
         */
        public Builder setVariant(Variant variant) {
            this.config = variant == null ? null : NetworkConfig.of(variant);
            return this;
        }

        /**
         * How each from-scratch batch-norm layer is made (default: {@code
         * ScratchBatchNorm.builder().optAffine(learnedAffine).build()}). The factory's blocks are
         * used as they are: their own settings, affine included, win over the configuration's.
         *
         * @param factory makes one block per use
         * @return this builder
         */
        public Builder optScratchBatchNorm(Supplier<ScratchBatchNorm> factory) {
            this.scratchFactory = factory;
            customScratch = true;
            return this;
        }

        /**
         * Builds the network.
         *
         * @return the network, not yet initialized
         * @throws IllegalArgumentException if the configuration or the scratch factory is missing
         */
        public SequentialBlock build() {
            if (config == null) {
                throw new IllegalArgumentException(
                        "network config must be set (setConfig, or setVariant with one of "
                                + Variant.names()
                                + ")");
            }
            if (customScratch && scratchFactory == null) {
                throw new IllegalArgumentException("scratchBatchNorm factory must not be null");
            }
            SequentialBlock net = new SequentialBlock();
            sites.clear();
            List<Integer> channels = NetworkConfig.SITE_CHANNELS;
            addSite(net, 0, bias -> conv(channels.get(0), bias));
            net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            addSite(net, 1, bias -> conv(channels.get(1), bias));
            net.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
            net.add(Blocks.batchFlattenBlock());
            addSite(net, 2, bias -> linear(channels.get(2), bias));
            addSite(net, 3, bias -> linear(channels.get(3), bias));
            net.add(linear(FashionMnist.NUM_CLASSES, true));
            return net;
        }

        private static Block conv(int filters, boolean bias) {
            return Conv2d.builder()
                    .setKernelShape(new Shape(5, 5))
                    .setFilters(filters)
                    .optBias(bias)
                    .build();
        }

        private static Block linear(int units, boolean bias) {
            return Linear.builder().setUnits(units).optBias(bias).build();
        }

        /**
         * Adds the layer of one site and what follows it: normalizer and activation in the
         * configured order, with dropout right after the activation of the hidden linear layers.
         */
        private void addSite(SequentialBlock net, int site, Function<Boolean, Block> layer) {
            Normalizer normalizer = config.norms().get(site);
            int layerIndex = net.getChildren().size();
            // a bias in front of a normalizer is what bias=off removes
            net.add(layer.apply(config.bias() || normalizer.equals(Normalizer.NONE)));
            Block norm = normalizer(normalizer);
            boolean before = config.position() == NetworkConfig.Position.BEFORE;
            int normIndex = -1;
            if (norm != null && before) {
                normIndex = net.getChildren().size();
                net.add(norm);
            }
            int activationIndex = net.getChildren().size();
            net.add(
                    config.activation() == NetworkConfig.Activation.SIGMOID
                            ? Activation.sigmoidBlock()
                            : Activation.reluBlock());
            if (site >= 2 && config.dropout() > 0) {
                net.add(Dropout.builder().optRate(config.dropout()).build());
            }
            if (norm != null && !before) {
                normIndex = net.getChildren().size();
                net.add(norm);
            }
            sites.add(
                    new SiteLayout.Site(
                            NetworkConfig.SITES.get(site), layerIndex, normIndex, activationIndex));
        }

        private Block normalizer(Normalizer normalizer) {
            boolean learned = config.learnedAffine();
            switch (normalizer.kind()) {
                case NONE:
                    return null;
                case SCRATCH:
                    return scratch();
                case DJL:
                    // optScale/optCenter(false) keep gamma (ones) and beta (zeros) as parameters
                    // that require no gradient, so no optimizer moves them
                    return BatchNorm.builder().optScale(learned).optCenter(learned).build();
                case MEAN_ONLY:
                    return LiteNorm.builder()
                            .setKind(LiteNorm.Kind.MEAN_ONLY)
                            .optAffine(learned)
                            .build();
                case VARIANCE_ONLY:
                    return LiteNorm.builder()
                            .setKind(LiteNorm.Kind.VARIANCE_ONLY)
                            .optAffine(learned)
                            .build();
                case BATCH_RENORM:
                    return ScratchBatchNorm.builder()
                            .optAffine(learned)
                            .optRenormalization(Normalizer.RENORM_R_MAX, Normalizer.RENORM_D_MAX)
                            .build();
                case LAYER:
                    return GroupNorm.builder().optGroups(1).optAffine(learned).build();
                case GROUP:
                    return GroupNorm.builder()
                            .optGroups(normalizer.groups())
                            .optAffine(learned)
                            .build();
                case INSTANCE:
                    return GroupNorm.builder().optGroupPerChannel().optAffine(learned).build();
                default:
                    throw new AssertionError(normalizer);
            }
        }

        private ScratchBatchNorm scratch() {
            return customScratch
                    ? scratchFactory.get()
                    : ScratchBatchNorm.builder().optAffine(config.learnedAffine()).build();
        }
    }
}
