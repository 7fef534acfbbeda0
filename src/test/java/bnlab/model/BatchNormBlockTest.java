package bnlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import bnlab.nn.ScratchBatchNorm;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class BatchNormBlockTest {

    private static List<BatchNormBlock> found(SequentialBlock net, NDManager manager) {
        net.initialize(manager, DataType.FLOAT32, LeNet.inputShape(4));
        return BatchNormBlock.findAll(net);
    }

    /** The scratch LeNet with every batch-norm layer made by {@code norm}. */
    private static SequentialBlock scratchLeNet(Supplier<ScratchBatchNorm> norm) {
        return LeNet.builder().setVariant(Variant.SCRATCH).optScratchBatchNorm(norm).build();
    }

    @Test
    void findsScratchAndDjlLayersAtTheListingsPositions() {
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Variant variant : new Variant[] {Variant.SCRATCH, Variant.CONCISE}) {
                List<BatchNormBlock> layers =
                        found(LeNet.builder().setVariant(variant).build(), manager);
                assertEquals(
                        List.of(1, 5, 10, 13),
                        layers.stream().map(BatchNormBlock::index).toList(),
                        variant.toString());
                assertEquals(
                        List.of(6L, 16L, 120L, 84L),
                        layers.stream().map(BatchNormBlock::channels).toList());
                assertEquals(
                        variant == Variant.SCRATCH ? "ScratchBatchNorm" : "BatchNorm",
                        layers.get(0).type());
                assertEquals(6, layers.get(0).gamma().size());
                assertTrue(layers.get(0).tracksRunningStatistics());
            }
            assertEquals(
                    List.of(), found(LeNet.builder().setVariant(Variant.PLAIN).build(), manager));
        }
    }

    @Test
    void findsLayersWithoutGammaAndBeta() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net =
                    scratchLeNet(() -> ScratchBatchNorm.builder().optAffine(false).build());
            List<BatchNormBlock> layers = found(net, manager);
            assertEquals(4, layers.size());
            for (BatchNormBlock bn : layers) {
                assertNull(bn.gamma());
                assertNull(bn.beta());
                assertNotNull(bn.runningVar());
            }
        }
    }

    @Test
    void findsLayersWithoutRunningStatistics() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net =
                    scratchLeNet(
                            () ->
                                    ScratchBatchNorm.builder()
                                            .optTrackRunningStatistics(false)
                                            .build());
            List<BatchNormBlock> layers = found(net, manager);
            assertEquals(4, layers.size());
            assertFalse(layers.get(0).tracksRunningStatistics());
            assertNull(layers.get(0).runningMean());
            assertNotNull(layers.get(0).gamma());
        }
    }

    @Test
    void findsLayersNestedInsideATopLevelLayer() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock inner = new SequentialBlock();
            inner.add(ScratchBatchNorm.builder().build()).add(Activation.sigmoidBlock());
            SequentialBlock net = new SequentialBlock();
            net.add(Activation.reluBlock()).add(inner);
            List<BatchNormBlock> layers = found(net, manager);
            assertEquals(1, layers.size());
            assertEquals(1, layers.get(0).index(), "numbered by the top-level layer holding it");
        }
    }

    @Test
    void rejectsABlockThatIsNotBatchNorm() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new BatchNormBlock(0, Activation.sigmoidBlock()));
    }
}
