package bnlab.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where each part of a built LeNet sits among the children of its {@code SequentialBlock}: for each
 * of the four normalization sites its conv or linear layer, its normalizer (if any) and the
 * activation that follows the layer, and the output layer. Indices are positions in {@code
 * SequentialBlock.getChildren()}, as {@link LeNet.Builder#build} adds them.
 *
 * @param sites the four sites, in the order of {@link NetworkConfig#SITES}
 * @param outputLayer the index of the last linear layer (10 classes)
 */
public record SiteLayout(List<Site> sites, int outputLayer) {

    /** The name of the output layer, after LeNet-5's conv1, conv2, fc1, fc2. */
    public static final String OUTPUT_LAYER = "fc3";

    /** Validates and copies. */
    public SiteLayout {
        sites = List.copyOf(sites);
        if (sites.size() != NetworkConfig.SITES.size()) {
            throw new IllegalArgumentException(
                    "sites must hold " + NetworkConfig.SITES.size() + ", got " + sites.size());
        }
    }

    /**
     * One normalization site.
     *
     * @param name the site's name, one of {@link NetworkConfig#SITES}
     * @param layer the index of its conv or linear layer
     * @param normalizer the index of its normalizer, or -1 if the site has none
     * @param activation the index of the sigmoid or ReLU after the layer
     */
    public record Site(String name, int layer, int normalizer, int activation) {

        /** Validates. */
        public Site {
            Objects.requireNonNull(name, "name");
            if (layer < 0 || activation <= layer || normalizer < -1) {
                throw new IllegalArgumentException(
                        "site "
                                + name
                                + ": expected layer >= 0, activation after it, normalizer >= -1;"
                                + " got "
                                + layer
                                + ", "
                                + activation
                                + ", "
                                + normalizer);
            }
        }

        /** Whether the site has a normalizer. */
        public boolean normalized() {
            return normalizer >= 0;
        }
    }

    /** The names of the five weighted layers: the sites' and {@link #OUTPUT_LAYER}. */
    public List<String> layerNames() {
        List<String> names = new ArrayList<>(NetworkConfig.SITES);
        names.add(OUTPUT_LAYER);
        return List.copyOf(names);
    }

    /** The indices of the five weighted layers, in the order of {@link #layerNames()}. */
    public List<Integer> layers() {
        List<Integer> indices = new ArrayList<>();
        sites.forEach(s -> indices.add(s.layer()));
        indices.add(outputLayer);
        return List.copyOf(indices);
    }
}
