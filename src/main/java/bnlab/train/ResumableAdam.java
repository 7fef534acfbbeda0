package bnlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Adam whose state a checkpoint can hold: the first and second moment estimates and the update
 * count of every parameter. DJL's {@code Adam} keeps them in private maps, so a resumed run would
 * start Adam afresh; this one exports them by parameter name ({@link #encodeState}) and takes them
 * back ({@link #decodeState}).
 *
 * <p>An update is DJL 0.36's {@code Adam.update} step for step: the same step count (the highest
 * count of any parameter, as DJL's {@code Optimizer.updateCount} returns), the same bias-corrected
 * learning rate computed in the same precision, zero moments on a parameter's first update, and the
 * same engine kernel ({@code adamUpdate}), so training gives bit for bit the results of DJL's Adam.
 * The kernel copies the gradient before using it; an update written with in-place {@code NDArray}
 * operations would avoid the copy but round differently, since the kernel fuses {@code β1·m +
 * (1−β1)·g} into multiply-adds (tried: after 5 steps on 48,000 random values, 46% of the means and
 * 0.7% of the weights differed in the last bits), so the kernel is kept. One device only, as bnlab
 * trains on one.
 */
public final class ResumableAdam extends Optimizer {

    private static final String MEAN = "mean/";
    private static final String VARIANCE = "variance/";
    private static final String UPDATES = "updates/";

    private final ParameterTracker learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final Map<String, NDArray> means = new HashMap<>();
    private final Map<String, NDArray> variances = new HashMap<>();
    private final Map<String, Integer> updates = new HashMap<>();
    private final int firstUpdate;
    private int step;

    private ResumableAdam(Builder builder) {
        super(builder);
        learningRate = builder.learningRate;
        beta1 = builder.beta1;
        beta2 = builder.beta2;
        epsilon = builder.epsilon;
        firstUpdate = builder.beginNumUpdate + 1;
    }

    /** A builder with PyTorch's defaults: beta1 0.9, beta2 0.999, epsilon 1e-8. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public synchronized void update(String parameterId, NDArray weight, NDArray grad) {
        int count = updates.merge(parameterId, firstUpdate, (old, first) -> old + 1);
        step = Math.max(step, count);
        int t = step;
        double coef1 = 1.0 - Math.pow(beta1, t);
        double coef2 = 1.0 - Math.pow(beta2, t);
        float lr = learningRate.getNewValue(parameterId, t);
        float biasCorrected = (float) (lr * Math.sqrt(coef2) / coef1);
        float weightDecay = getWeightDecay();
        if (!Float.isFinite(biasCorrected) || !Float.isFinite(weightDecay)) {
            throw new IllegalArgumentException("learning rate or weight decay is nan or infinite");
        }
        NDList inputs =
                new NDList(
                        weight,
                        grad,
                        means.computeIfAbsent(parameterId, k -> weight.zerosLike()),
                        variances.computeIfAbsent(parameterId, k -> weight.zerosLike()));
        weight.getNDArrayInternal()
                .adamUpdate(
                        inputs,
                        new NDList(weight),
                        lr,
                        biasCorrected,
                        weightDecay,
                        rescaleGrad,
                        clipGrad,
                        beta1,
                        beta2,
                        epsilon,
                        true,
                        false);
    }

    /**
     * The moments and update count of every trainable parameter of {@code parameters}, as an {@link
     * NDList#encode() encoded} list of three arrays per parameter, in the list's order, named
     * {@code mean/NAME}, {@code variance/NAME} and {@code updates/NAME} (an int32 scalar) after the
     * parameter's name in the list: ids change from process to process, names do not. A parameter
     * not updated yet has zero moments and count 0.
     */
    public synchronized byte[] encodeState(ParameterList parameters) {
        return encode(
                parameters,
                (parameter, manager) -> {
                    String id = parameter.getId();
                    NDArray weight = parameter.getArray();
                    return new NDArray[] {
                        copy(means.get(id), weight, manager),
                        copy(variances.get(id), weight, manager),
                        manager.create(updates.getOrDefault(id, 0).intValue())
                    };
                });
    }

    /**
     * Takes back the state {@link #encodeState} wrote for the same network, replacing any this
     * optimizer holds; nothing changes if it does not fit.
     *
     * <p>The bytes are checked before anything is decoded: they must be laid out exactly as {@link
     * #encodeState} lays out this network's state (same length, same names, shapes and types; only
     * the numbers differ), so a corrupt header cannot make the decoder allocate what it claims.
     *
     * @param manager holds the restored moments; the caller keeps it open while this optimizer
     *     trains
     * @throws IllegalArgumentException if {@code encoded} is not this network's optimizer state,
     *     saying where it differs
     */
    public synchronized void decodeState(
            ParameterList parameters, NDManager manager, byte[] encoded) {
        requireLayout(parameters, encoded);
        Map<String, NDArray> byName = new HashMap<>();
        for (NDArray array : NDList.decode(manager, encoded)) {
            byName.put(array.getName(), array);
        }
        Map<String, NDArray> newMeans = new HashMap<>();
        Map<String, NDArray> newVariances = new HashMap<>();
        Map<String, Integer> newUpdates = new HashMap<>();
        for (int i = 0; i < parameters.size(); i++) {
            String name = parameters.keyAt(i);
            String id = parameters.valueAt(i).getId();
            NDArray count = byName.get(UPDATES + name);
            if (count == null) {
                continue; // not trainable
            }
            int n = count.getInt();
            if (n < 0) {
                throw new IllegalArgumentException(
                        "optimizer state: " + UPDATES + name + " is " + n + ", expected >= 0");
            }
            if (n > 0) {
                newMeans.put(id, byName.get(MEAN + name));
                newVariances.put(id, byName.get(VARIANCE + name));
                newUpdates.put(id, n);
            }
        }
        means.clear();
        means.putAll(newMeans);
        variances.clear();
        variances.putAll(newVariances);
        updates.clear();
        updates.putAll(newUpdates);
        step = newUpdates.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /**
     * Compares {@code encoded} with two encodings of this network's state, one with every number's
     * bytes 0x00 and one with them 0xFF: where those agree (the header, names, shapes, types,
     * sizes) the file must agree too.
     */
    private static void requireLayout(ParameterList parameters, byte[] encoded) {
        byte[] zeros = layout(parameters, (byte) 0);
        byte[] ones = layout(parameters, (byte) -1);
        if (encoded.length != zeros.length) {
            throw new IllegalArgumentException(
                    "optimizer state is "
                            + encoded.length
                            + " bytes, expected "
                            + zeros.length
                            + " for this network: truncated, or of another network");
        }
        for (int i = 0; i < encoded.length; i++) {
            if (zeros[i] == ones[i] && encoded[i] != zeros[i]) {
                throw new IllegalArgumentException(
                        "optimizer state does not match this network's layout at byte "
                                + i
                                + ": corrupt, or of another network");
            }
        }
    }

    /** This network's state as {@link #encodeState} lays it out, every number's bytes {@code b}. */
    private static byte[] layout(ParameterList parameters, byte b) {
        return encode(
                parameters,
                (parameter, manager) -> {
                    Shape shape = parameter.getArray().getShape();
                    DataType type = parameter.getArray().getDataType();
                    return new NDArray[] {
                        filled(manager, shape, type, b),
                        filled(manager, shape, type, b),
                        filled(manager, new Shape(), DataType.INT32, b)
                    };
                });
    }

    /** What one trainable parameter contributes: its mean, variance and update count. */
    private interface ParameterState {
        NDArray[] of(Parameter parameter, NDManager manager);
    }

    /** The arrays {@code state} gives for each trainable parameter, named and encoded in order. */
    private static byte[] encode(ParameterList parameters, ParameterState state) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList list = new NDList();
            for (int i = 0; i < parameters.size(); i++) {
                Parameter parameter = parameters.valueAt(i);
                if (parameter.requiresGradient()) {
                    String name = parameters.keyAt(i);
                    NDArray[] arrays = state.of(parameter, manager);
                    list.add(named(arrays[0], MEAN + name));
                    list.add(named(arrays[1], VARIANCE + name));
                    list.add(named(arrays[2], UPDATES + name));
                }
            }
            return list.encode();
        }
    }

    private static NDArray filled(NDManager manager, Shape shape, DataType type, byte b) {
        int size = Math.toIntExact(shape.size() * type.getNumOfBytes());
        ByteBuffer bytes = manager.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            bytes.put(i, b);
        }
        return manager.create(bytes, shape, type);
    }

    /** A copy of {@code moment} in {@code into}, or zeros like {@code weight} if there is none. */
    private static NDArray copy(NDArray moment, NDArray weight, NDManager into) {
        if (moment == null) {
            return into.zeros(weight.getShape(), weight.getDataType());
        }
        NDArray copy = moment.duplicate();
        copy.attach(into);
        return copy;
    }

    private static NDArray named(NDArray array, String name) {
        array.setName(name);
        return array;
    }

    /** Builds a {@link ResumableAdam}; every setting is optional. */
    public static final class Builder extends OptimizerBuilder<Builder> {

        private ParameterTracker learningRate;
        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float epsilon = 1e-8f;
        private int beginNumUpdate;

        private Builder() {}

        @Override
        protected Builder self() {
            return this;
        }

        /** The learning rate (required). */
        public Builder setLearningRateTracker(ParameterTracker learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** The update count before the first update, as in DJL's optimizers. */
        @Override
        public Builder optBeginNumUpdate(int beginNumUpdate) {
            this.beginNumUpdate = beginNumUpdate;
            return super.optBeginNumUpdate(beginNumUpdate);
        }

        /** The decay rate of the first moment estimates. */
        public Builder optBeta1(float beta1) {
            this.beta1 = beta1;
            return this;
        }

        /** The decay rate of the second moment estimates. */
        public Builder optBeta2(float beta2) {
            this.beta2 = beta2;
            return this;
        }

        /** The term added to the denominator for numerical stability. */
        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @throws NullPointerException if the learning rate was not set
         * @throws IllegalArgumentException if a beta is outside [0, 1) or epsilon not positive
         */
        public ResumableAdam build() {
            Objects.requireNonNull(learningRate, "learningRate must be set");
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException(
                        "beta1 and beta2 must be in [0, 1), got " + beta1 + ", " + beta2);
            }
            if (!(epsilon > 0)) {
                throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
            }
            return new ResumableAdam(this);
        }
    }
}
