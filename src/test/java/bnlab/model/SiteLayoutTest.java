package bnlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import bnlab.nn.ScratchBatchNorm;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where {@link LeNet#layout} says each layer sits, against the blocks the builder made. */
class SiteLayoutTest {

    @Test
    void theChaptersNetworkSitsConvBatchNormSigmoidAtEachSite() {
        SiteLayout layout = LeNet.layout(NetworkConfig.of(Variant.SCRATCH));
        assertEquals(
                List.of(
                        new SiteLayout.Site("conv1", 0, 1, 2),
                        new SiteLayout.Site("conv2", 4, 5, 6),
                        new SiteLayout.Site("fc1", 9, 10, 11),
                        new SiteLayout.Site("fc2", 12, 13, 14)),
                layout.sites());
        assertEquals(15, layout.outputLayer());
        assertEquals(List.of("conv1", "conv2", "fc1", "fc2", "fc3"), layout.layerNames());
        assertEquals(List.of(0, 4, 9, 12, 15), layout.layers());
    }

    @Test
    void aSiteWithoutNormalizerHasNone() {
        SiteLayout layout = LeNet.layout(NetworkConfig.of(Variant.PLAIN));
        assertEquals(new SiteLayout.Site("conv1", 0, -1, 1), layout.sites().get(0));
        assertEquals(new SiteLayout.Site("fc2", 9, -1, 10), layout.sites().get(3));
        assertEquals(11, layout.outputLayer());
    }

    /** Every index names the kind of block it claims, whatever the configuration. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "scratch",
                "plain",
                "concise",
                "scratch,position=after,dropout=0.5",
                "norm=scratch:none:layer:none,activation=relu"
            })
    void indicesNameTheBlocksTheBuilderMade(String text) {
        NetworkConfig network = NetworkConfig.parse(text);
        SiteLayout layout = LeNet.layout(network);
        List<Block> children = LeNet.builder().setConfig(network).build().getChildren().values();
        for (int i = 0; i < layout.sites().size(); i++) {
            SiteLayout.Site site = layout.sites().get(i);
            Block layer = children.get(site.layer());
            assertEquals(i < NetworkConfig.CONV_SITES, layer instanceof Conv2d, site.name());
            assertEquals(i >= NetworkConfig.CONV_SITES, layer instanceof Linear, site.name());
            assertEquals(
                    network.norms().get(i).equals(Normalizer.NONE),
                    !site.normalized(),
                    site.name());
            if (site.normalized()) {
                assertEquals(
                        network.norms().get(i).equals(Normalizer.SCRATCH),
                        children.get(site.normalizer()) instanceof ScratchBatchNorm,
                        site.name());
            }
            // an activation is a parameterless lambda block
            assertEquals(
                    Activation.sigmoidBlock().getClass(),
                    children.get(site.activation()).getClass(),
                    site.name());
        }
        assertEquals(children.size() - 1, layout.outputLayer());
        assertEquals(true, children.get(layout.outputLayer()) instanceof Linear);
        assertEquals(SequentialBlock.class, LeNet.builder().setConfig(network).build().getClass());
    }
}
