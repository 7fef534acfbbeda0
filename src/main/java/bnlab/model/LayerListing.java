package bnlab.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link SequentialBlock} as a numbered layer listing with each layer's output shape, in
 * the spirit of PyTorch's {@code Sequential(...)} printout that the chapter shows.
 */
public final class LayerListing {

    private LayerListing() {}

    /**
     * Lists the layers of {@code net} for an input of {@code inputShape}.
     *
     * @param title first line, e.g. {@code "LeNet (scratch)"}
     */
    public static String of(String title, SequentialBlock net, Shape inputShape) {
        List<Block> layers = net.getChildren().values();
        String[] names = new String[layers.size()];
        String[] shapes = new String[layers.size()];
        Shape shape = inputShape;
        int width = 0;
        for (int i = 0; i < layers.size(); i++) {
            Block layer = layers.get(i);
            names[i] = String.format(Locale.ROOT, "(%d): %s", i, describe(layer, shape));
            shape = layer.getOutputShapes(new Shape[] {shape})[0];
            shapes[i] = shape.toString();
            width = Math.max(width, names[i].length());
        }
        StringBuilder out = new StringBuilder(title).append(", input ").append(inputShape);
        out.append(System.lineSeparator());
        for (int i = 0; i < layers.size(); i++) {
            out.append(
                    String.format(Locale.ROOT, "  %-" + width + "s  -> %s%n", names[i], shapes[i]));
        }
        return out.toString();
    }

    private static String describe(Block layer, Shape in) {
        if (layer instanceof Convolution) {
            Convolution conv = (Convolution) layer;
            return String.format(
                    Locale.ROOT,
                    "Conv2d(%d, %d, kernel_size=%s, stride=%s)",
                    in.get(1),
                    conv.getFilters(),
                    conv.getKernelShape(),
                    conv.getStride());
        }
        if (layer instanceof Linear) {
            Shape out = layer.getOutputShapes(new Shape[] {in})[0];
            return String.format(
                    Locale.ROOT, "Linear(in_features=%d, out_features=%d)", in.tail(), out.tail());
        }
        if (layer instanceof BatchNorm) {
            return "BatchNorm(" + in.get(1) + ") [DJL built-in]";
        }
        if (layer instanceof LambdaBlock) {
            String name = ((LambdaBlock) layer).getName();
            return Character.toUpperCase(name.charAt(0)) + name.substring(1) + "()";
        }
        return layer.toString();
    }
}
