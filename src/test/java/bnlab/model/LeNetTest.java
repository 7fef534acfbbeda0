package bnlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import bnlab.testing.LeNetParameters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class LeNetTest {

    /** Parameter shapes by the path DJL gives them ("01Conv2d_weight" ...), in order. */
    private static Map<String, Shape> parameterShapes(SequentialBlock net) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
            shapes.put(p.getKey(), p.getValue().getArray().getShape());
        }
        return shapes;
    }

    private static SequentialBlock initialised(Variant variant, NDManager manager) {
        SequentialBlock net = LeNet.builder().setVariant(variant).build();
        net.initialize(manager, DataType.FLOAT32, LeNet.inputShape(4));
        return net;
    }

    /** γ and β count where they are learned; the moving statistics never do. */
    @Test
    void trainableParametersCountWhatTheOptimizerTrains() {
        long plain = LeNetParameters.PLAIN;
        long affine = LeNetParameters.AFFINE;
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("plain", plain);
        expected.put("norm=scratch", plain + affine);
        expected.put("norm=djl", plain + affine);
        expected.put("norm=scratch,affine=fixed", plain);
        expected.put("norm=layer,affine=fixed", plain); // kept, without gradient
        expected.put("norm=mean", plain + affine / 2); // β only
        try (NDManager manager = NDManager.newBaseManager()) {
            expected.forEach(
                    (network, count) -> {
                        SequentialBlock net =
                                LeNet.builder().setConfig(NetworkConfig.parse(network)).build();
                        net.initialize(manager, DataType.FLOAT32, LeNet.inputShape(2));
                        assertEquals(count, LeNet.trainableParameters(net), network);
                    });
        }
    }

    @Test
    void scratchAndConciseHaveTheChaptersParameters() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Variant variant : new Variant[] {Variant.SCRATCH, Variant.CONCISE}) {
                Shape[] expected = {
                    new Shape(6, 1, 5, 5),
                    new Shape(6), // conv 1
                    new Shape(6),
                    new Shape(6),
                    new Shape(6),
                    new Shape(6), // bn gamma beta mean var
                    new Shape(16, 6, 5, 5),
                    new Shape(16),
                    new Shape(16),
                    new Shape(16),
                    new Shape(16),
                    new Shape(16),
                    new Shape(120, 256),
                    new Shape(120),
                    new Shape(120),
                    new Shape(120),
                    new Shape(120),
                    new Shape(120),
                    new Shape(84, 120),
                    new Shape(84),
                    new Shape(84),
                    new Shape(84),
                    new Shape(84),
                    new Shape(84),
                    new Shape(10, 84),
                    new Shape(10)
                };
                assertEquals(
                        java.util.List.of(expected),
                        java.util.List.copyOf(
                                parameterShapes(initialised(variant, manager)).values()),
                        variant.toString());
            }
        }
    }

    /** Today's parameter names, spelled out: saved runs depend on them. */
    private static List<String> todaysNames(Variant variant) {
        List<String> bn = List.of("_gamma", "_beta", "_runningMean", "_runningVar");
        String norm = variant == Variant.SCRATCH ? "ScratchBatchNorm" : "BatchNorm";
        List<String> names = new ArrayList<>();
        if (variant == Variant.PLAIN) {
            for (String layer :
                    List.of("01Conv2d", "04Conv2d", "08Linear", "10Linear", "12Linear")) {
                names.add(layer + "_weight");
                names.add(layer + "_bias");
            }
            return names;
        }
        String[][] sites = {
            {"01Conv2d", "02"}, {"05Conv2d", "06"}, {"10Linear", "11"}, {"13Linear", "14"}
        };
        for (String[] site : sites) {
            names.add(site[0] + "_weight");
            names.add(site[0] + "_bias");
            for (String p : bn) {
                names.add(site[1] + norm + p);
            }
        }
        names.add("16Linear_weight");
        names.add("16Linear_bias");
        return names;
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void variantsKeepTodaysParameterNames(Variant variant) {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertEquals(
                    todaysNames(variant),
                    List.copyOf(parameterShapes(initialised(variant, manager)).keySet()));
        }
    }

    @Test
    void plainHasNoNormalisationParameters() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, Shape> shapes = parameterShapes(initialised(Variant.PLAIN, manager));
            assertEquals(10, shapes.size(), shapes.toString());
            assertEquals(
                    12, LeNet.builder().setVariant(Variant.PLAIN).build().getChildren().size());
        }
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void outputIsTenLogitsPerExample(Variant variant) {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = initialised(variant, manager);
            NDArray x = manager.randomUniform(0, 1, LeNet.inputShape(4));
            ParameterStore store = new ParameterStore(manager, false);
            for (boolean training : new boolean[] {true, false}) {
                NDArray y = net.forward(store, new NDList(x), training).singletonOrThrow();
                assertEquals(new Shape(4, 10), y.getShape());
            }
        }
    }

    @Test
    void listingNumbersEveryLayerWithItsOutputShape() {
        SequentialBlock net = LeNet.builder().setVariant(Variant.CONCISE).build();
        String listing = LayerListing.of("LeNet (concise)", net, LeNet.inputShape(1));
        assertTrue(listing.startsWith("LeNet (concise), input (1, 1, 28, 28)"), listing);
        assertTrue(
                listing.contains("(0): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))"), listing);
        assertTrue(listing.contains("-> (1, 6, 24, 24)"), listing);
        assertTrue(listing.contains("(9): Linear(in_features=256, out_features=120)"), listing);
        assertTrue(listing.contains("(15): Linear(in_features=84, out_features=10)"), listing);
        assertTrue(listing.trim().endsWith("-> (1, 10)"), listing);
        assertEquals(17, listing.lines().count(), listing);
    }

    @Test
    void configIsRequired() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LeNet.builder().build());
        assertEquals(
                "network config must be set (setConfig, or setVariant with one of scratch,"
                        + " concise, plain)",
                e.getMessage());
    }

    // ------------------------------------------------------------- configurable networks

    private static SequentialBlock build(NetworkConfig config) {
        return LeNet.builder().setConfig(config).build();
    }

    /** The children's kinds, a lambda block by its name: "Conv2d", "sigmoid", "Dropout"... */
    private static List<String> layers(SequentialBlock net) {
        List<String> kinds = new ArrayList<>();
        for (Block b : net.getChildren().values()) {
            kinds.add(
                    b instanceof LambdaBlock
                            ? ((LambdaBlock) b).getName()
                            : b.getClass().getSimpleName());
        }
        return kinds;
    }

    private static NetworkConfig only(Normalizer norm, int site) {
        List<Normalizer> norms = new ArrayList<>(NetworkConfig.of(Variant.PLAIN).norms());
        norms.set(site, norm);
        return NetworkConfig.of(Variant.PLAIN).withNorms(norms);
    }

    /**
     * Trains one step in a tiny batch: every trained parameter gets a finite, non-zero gradient.
     */
    private static void forwardAndBackward(SequentialBlock net, NDManager manager, String what) {
        net.initialize(manager, DataType.FLOAT32, LeNet.inputShape(3));
        ParameterStore store = new ParameterStore(manager, false);
        NDArray x = manager.randomUniform(0, 1, LeNet.inputShape(3));
        NDArray r = manager.randomNormal(new Shape(3, 10));
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray y = net.forward(store, new NDList(x), true).singletonOrThrow();
            assertEquals(new Shape(3, 10), y.getShape(), what);
            collector.backward(y.mul(r).sum());
        }
        for (Pair<String, Parameter> p : net.getParameters()) {
            if (p.getValue().requiresGradient()) {
                float size = p.getValue().getArray().getGradient().abs().sum().getFloat();
                assertTrue(
                        Float.isFinite(size) && size > 0,
                        what + ": gradient of " + p.getKey() + " is " + size);
            }
        }
        NDArray inference = net.forward(store, new NDList(x), false).singletonOrThrow();
        assertEquals(new Shape(3, 10), inference.getShape(), what);
    }

    static Stream<Arguments> normalizers() {
        return Stream.of(
                Arguments.of(Normalizer.SCRATCH, "ScratchBatchNorm"),
                Arguments.of(Normalizer.DJL, "BatchNorm"),
                Arguments.of(Normalizer.MEAN_ONLY, "LiteNorm"),
                Arguments.of(Normalizer.VARIANCE_ONLY, "LiteNorm"),
                Arguments.of(Normalizer.BATCH_RENORM, "ScratchBatchNorm"),
                Arguments.of(Normalizer.LAYER, "GroupNorm"),
                Arguments.of(Normalizer.group(2), "GroupNorm"),
                Arguments.of(Normalizer.INSTANCE, "GroupNorm"));
    }

    @ParameterizedTest
    @MethodSource("normalizers")
    void everyNormalizerWorksAtEverySite(Normalizer norm, String block) {
        // the index of each site's layer in the plain network; its normalizer comes right after
        int[] layerIndex = {0, 3, 7, 9};
        // instance norm is refused at the fully connected sites (one value per group)
        int sites = norm.equals(Normalizer.INSTANCE) ? NetworkConfig.CONV_SITES : 4;
        for (int site = 0; site < sites; site++) {
            SequentialBlock net = build(only(norm, site));
            List<String> kinds = layers(net);
            assertEquals(13, kinds.size(), kinds.toString());
            assertEquals(block, kinds.get(layerIndex[site] + 1), kinds.toString());
            assertEquals("sigmoid", kinds.get(layerIndex[site] + 2), kinds.toString());
            try (NDManager manager = NDManager.newBaseManager()) {
                forwardAndBackward(net, manager, norm + " at " + NetworkConfig.SITES.get(site));
            }
        }
    }

    @Test
    void normalizerBeforeOrAfterTheActivationAndDropoutRightAfterIt() {
        NetworkConfig before = NetworkConfig.parse("norm=scratch,dropout=0.5");
        assertEquals(
                List.of(
                        "Conv2d",
                        "ScratchBatchNorm",
                        "sigmoid",
                        "maxPool2d",
                        "Conv2d",
                        "ScratchBatchNorm",
                        "sigmoid",
                        "maxPool2d",
                        "batchFlatten",
                        "Linear",
                        "ScratchBatchNorm",
                        "sigmoid",
                        "Dropout",
                        "Linear",
                        "ScratchBatchNorm",
                        "sigmoid",
                        "Dropout",
                        "Linear"),
                layers(build(before)));
        assertEquals(
                List.of(
                        "Conv2d",
                        "ReLU",
                        "LiteNorm",
                        "maxPool2d",
                        "Conv2d",
                        "ReLU",
                        "LiteNorm",
                        "maxPool2d",
                        "batchFlatten",
                        "Linear",
                        "ReLU",
                        "Dropout",
                        "LiteNorm",
                        "Linear",
                        "ReLU",
                        "Dropout",
                        "LiteNorm",
                        "Linear"),
                layers(
                        build(
                                NetworkConfig.parse(
                                        "norm=mean,position=after,activation=relu,dropout=0.5"))));
        try (NDManager manager = NDManager.newBaseManager()) {
            forwardAndBackward(
                    build(
                            NetworkConfig.parse(
                                    "norm=variance,position=after,activation=relu,dropout=0.5")),
                    manager,
                    "after, relu, dropout");
        }
    }

    @Test
    void biasOffRemovesOnlyTheBiasInFrontOfANormalizer() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = build(NetworkConfig.parse("norm=djl:none:mean:none,bias=off"));
            net.initialize(manager, DataType.FLOAT32, LeNet.inputShape(2));
            Set<String> names = parameterShapes(net).keySet();
            assertFalse(names.contains("01Conv2d_bias"), names.toString());
            assertTrue(names.contains("05Conv2d_bias"), names.toString());
            assertFalse(names.contains("09Linear_bias"), names.toString());
            assertTrue(names.contains("12Linear_bias"), names.toString());
            assertTrue(names.contains("14Linear_bias"), "the output layer keeps its bias");
            forwardAndBackward(net, manager, "bias off");
        }
    }

    @Test
    void fixedAffineHasNoTrainedGammaOrBeta() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net =
                    build(NetworkConfig.parse("norm=scratch:mean:variance:djl,affine=fixed"));
            net.initialize(manager, DataType.FLOAT32, LeNet.inputShape(2));
            List<String> normParameters = new ArrayList<>();
            for (String name : parameterShapes(net).keySet()) {
                if (name.matches("\\d+(ScratchBatchNorm|LiteNorm|BatchNorm)_.*")) {
                    normParameters.add(name);
                }
            }
            assertEquals(
                    List.of(
                            "02ScratchBatchNorm_runningMean",
                            "02ScratchBatchNorm_runningVar",
                            "06LiteNorm_runningMean",
                            "11LiteNorm_runningVar",
                            "14BatchNorm_gamma",
                            "14BatchNorm_beta",
                            "14BatchNorm_runningMean",
                            "14BatchNorm_runningVar"),
                    normParameters);
        }
        // DJL's gamma and beta stay at 1 and 0 through a real optimizer step
        try (Model model = Model.newInstance("fixed")) {
            model.setBlock(build(NetworkConfig.parse("concise,affine=fixed")));
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                            .optOptimizer(Optimizer.adam().build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(LeNet.inputShape(4));
                NDManager m = model.getNDManager();
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray pred =
                            trainer.forward(new NDList(m.randomUniform(0, 1, LeNet.inputShape(4))))
                                    .singletonOrThrow();
                    collector.backward(
                            trainer.getLoss()
                                    .evaluate(
                                            new NDList(m.create(new float[] {0, 1, 2, 3})),
                                            new NDList(pred)));
                }
                trainer.step();
                Parameter gamma =
                        model.getBlock()
                                .getChildren()
                                .get("02BatchNorm")
                                .getParameters()
                                .get("gamma");
                Parameter beta =
                        model.getBlock()
                                .getChildren()
                                .get("02BatchNorm")
                                .getParameters()
                                .get("beta");
                assertFalse(gamma.requiresGradient());
                assertEquals(0f, gamma.getArray().sub(1).abs().max().getFloat());
                assertEquals(0f, beta.getArray().abs().max().getFloat());
            }
        }
    }

    @Test
    void liteNetworkSurvivesSaveAndLoad(@TempDir Path dir) throws Exception {
        NetworkConfig config =
                NetworkConfig.parse("norm=mean:variance:mean:variance,activation=relu");
        try (NDManager manager = NDManager.newBaseManager();
                Model model = Model.newInstance("lite")) {
            model.setBlock(build(config));
            model.getBlock()
                    .initialize(model.getNDManager(), DataType.FLOAT32, LeNet.inputShape(4));
            ParameterStore store = new ParameterStore(model.getNDManager(), false);
            NDArray x = manager.randomUniform(0, 1, LeNet.inputShape(4));
            model.getBlock().forward(store, new NDList(x), true); // moves the running statistics
            NDArray expected =
                    model.getBlock().forward(store, new NDList(x), false).singletonOrThrow();
            model.save(dir, "lite");
            try (Model loaded = Model.newInstance("lite")) {
                loaded.setBlock(build(config));
                loaded.load(dir, "lite");
                NDArray actual =
                        loaded.getBlock()
                                .forward(
                                        new ParameterStore(loaded.getNDManager(), false),
                                        new NDList(x),
                                        false)
                                .singletonOrThrow();
                assertEquals(0f, actual.sub(expected).abs().max().getFloat());
            }
        }
    }
}
