package bnlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import bnlab.data.Split;
import bnlab.model.LeNet;
import java.nio.ByteBuffer;

/**
 * One data split held once in native memory as raw bytes (47 MB for the training images), from
 * which every mini-batch is a single gather or slice plus a conversion to float in [0, 1]: no
 * per-example stacking and no per-batch host copies of pixels.
 */
public final class NativeSplit implements AutoCloseable {

    private final NDManager manager;
    private final NDArray images;
    private final NDArray labels;
    private final int size;

    /** Copies {@code split} into a new sub-manager of {@code parent}. */
    public NativeSplit(NDManager parent, Split split) {
        this.manager = parent.newSubManager();
        this.size = split.count();
        Shape shape = LeNet.inputShape(size);
        this.images = manager.create(ByteBuffer.wrap(split.pixels()), shape, DataType.UINT8);
        this.labels =
                manager.create(ByteBuffer.wrap(split.labels()), new Shape(size), DataType.UINT8)
                        .toType(DataType.INT64, false);
    }

    /** Number of examples. */
    public int size() {
        return size;
    }

    /**
     * The examples at {@code indices}, as (images, labels) owned by {@code batchManager}: images
     * float32 (n, 1, 28, 28) in [0, 1], labels int64 (n).
     */
    public NDList gather(NDManager batchManager, long[] indices) {
        NDArray index = batchManager.create(indices);
        return toBatch(batchManager, new NDIndex("{}", index));
    }

    /** The examples {@code from} (inclusive) to {@code to} (exclusive), as {@link #gather} does. */
    public NDList slice(NDManager batchManager, int from, int to) {
        return toBatch(batchManager, new NDIndex(from + ":" + to));
    }

    private NDList toBatch(NDManager batchManager, NDIndex index) {
        NDArray rawImages = images.get(index);
        NDArray batchLabels = labels.get(index);
        // Results of indexing belong to the split's manager: move them to the batch's scope.
        rawImages.attach(batchManager);
        batchLabels.attach(batchManager);
        NDArray x = rawImages.toType(DataType.FLOAT32, false).divi(255f);
        return new NDList(x, batchLabels);
    }

    @Override
    public void close() {
        manager.close();
    }
}
