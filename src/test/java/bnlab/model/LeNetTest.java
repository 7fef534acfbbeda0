package bnlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
    void variantIsRequired() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> LeNet.builder().build());
        assertEquals("variant must be set, one of scratch, concise, plain", e.getMessage());
    }
}
