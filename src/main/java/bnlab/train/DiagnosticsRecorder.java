package bnlab.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import bnlab.errors.Ranges;
import bnlab.model.NetworkConfig;
import bnlab.model.SiteLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Records what happens inside LeNet every {@code every} training steps (steps 1, 1 + every, 1 + 2
 * every, ...), from the training step's own forward pass, gradients and update:
 *
 * <ul>
 *   <li>per normalization site (conv1, conv2, fc1, fc2): the mean and the biased standard deviation
 *       of every value of the normalizer's input and of its output, over the batch, channels and
 *       positions (a site without a normalizer reports its pre-activation as both), and the
 *       fraction of the following activation's outputs that are saturated: for a sigmoid, below
 *       {@value #SIGMOID_LOW} or above {@value #SIGMOID_HIGH} (where its slope is below 0.05, a
 *       fifth of its largest); for a ReLU, exactly 0 (its flat side, where no gradient passes);
 *   <li>per weighted layer (those four and the output layer fc3): the L2 norm of the weight's
 *       gradient ‖∇W‖, and the update-to-weight ratio ‖W<sub>after</sub> − W<sub>before</sub>‖ /
 *       ‖W<sub>before</sub>‖ of the step's optimizer update. Biases are left out.
 * </ul>
 *
 * <p>All the values of a step are computed with {@code NDArray} operations and copied to the host
 * in one read. The rows stay in memory until {@link #rows()} is asked for them.
 */
public final class DiagnosticsRecorder {

    /**
     * The default recording interval: at 10 a step costs about 1% more on average here (measured
     * with {@code bnlab bench --diagnostics}, docs/diagnostics.md), and the chapter's 5 epochs of
     * 235 steps give 118 points per line.
     */
    public static final int DEFAULT_EVERY = 10;

    /** The largest interval: beyond any run's number of steps (1000 epochs of batch 2). */
    public static final int MAX_EVERY = 1_000_000_000;

    /** A sigmoid output below this is saturated (its slope σ(1 − σ) is below 0.0475). */
    public static final float SIGMOID_LOW = 0.05f;

    /** A sigmoid output above this is saturated. */
    public static final float SIGMOID_HIGH = 0.95f;

    private static final String WEIGHT = "weight";

    private final int every;
    private final List<DiagnosticRow> rows = new ArrayList<>();

    /**
     * A recorder of every {@code every}-th step.
     *
     * @throws bnlab.errors.SettingException naming {@code every} unless it is in 1..{@value
     *     #MAX_EVERY}
     */
    public DiagnosticsRecorder(int every) {
        this.every = Ranges.check("every", every, 1, MAX_EVERY);
    }

    /** The recording interval in steps. */
    public int every() {
        return every;
    }

    /** Whether step {@code step} (counted from 1) is recorded. */
    public boolean records(long step) {
        return (step - 1) % every == 0;
    }

    /**
     * Keeps rows recorded earlier (by the run this one resumes), before those recorded from now on.
     */
    public void keep(List<DiagnosticRow> earlier) {
        rows.addAll(0, earlier);
    }

    /** Every row so far, in the order recorded. */
    public List<DiagnosticRow> rows() {
        return List.copyOf(rows);
    }

    /**
     * Records one training step after its backward pass: reads the activations and gradients, runs
     * {@code update} (the optimizer step), then measures how far it moved each weight.
     *
     * @param scope the step's memory scope: every array made here is attached to it
     * @param net the network, as {@code layout} describes it
     * @param outputs the output of each of {@code net}'s children in this step's forward pass
     *     ({@code SequentialBlock.setReturnIntermediate(true)}), one array each
     * @param update the optimizer step
     */
    void record(
            NDManager scope,
            SequentialBlock net,
            SiteLayout layout,
            NetworkConfig.Activation activation,
            NDList outputs,
            Runnable update,
            long step,
            int epoch) {
        List<Block> children = net.getChildren().values();
        // per site: input mean, ‖input‖, output mean, ‖output‖, saturated count; the host turns
        // them into standard deviations and fractions with each array's size
        NDList scalars = new NDList();
        List<Long> sizes = new ArrayList<>();
        for (SiteLayout.Site site : layout.sites()) {
            NDArray in = outputs.get(site.normalized() ? site.normalizer() - 1 : site.layer());
            NDArray out = outputs.get(site.normalized() ? site.normalizer() : site.layer());
            NDArray a = outputs.get(site.activation());
            NDList inMoments = moments(in);
            scalars.addAll(inMoments);
            // without a normalizer the output is the input: its moments are not computed twice
            scalars.addAll(site.normalized() ? moments(out) : inMoments);
            scalars.add(saturatedCount(a, activation));
            sizes.add(in.size());
            sizes.add(out.size());
            sizes.add(a.size());
        }
        List<Integer> layers = layout.layers();
        List<NDArray> before = new ArrayList<>();
        for (int index : layers) {
            NDArray w = weight(children, index);
            scalars.add(gradientNorm(scope, w));
            NDArray copy = w.duplicate();
            copy.attach(scope);
            before.add(copy);
        }
        update.run();
        for (int i = 0; i < layers.size(); i++) {
            // before comes first: a result belongs to the first operand's manager, the scope
            scalars.add(before.get(i).sub(weight(children, layers.get(i))).norm());
            scalars.add(before.get(i).norm());
        }
        float[] values = NDArrays.stack(scalars).toFloatArray();
        int v = 0;
        int s = 0;
        for (SiteLayout.Site site : layout.sites()) {
            long inSize = sizes.get(s++);
            long outSize = sizes.get(s++);
            long activationSize = sizes.get(s++);
            add(step, epoch, site.name(), DiagnosticQuantity.INPUT_MEAN, values[v]);
            add(step, epoch, site.name(), DiagnosticQuantity.INPUT_STD, std(values, v, inSize));
            v += 2;
            add(step, epoch, site.name(), DiagnosticQuantity.OUTPUT_MEAN, values[v]);
            add(step, epoch, site.name(), DiagnosticQuantity.OUTPUT_STD, std(values, v, outSize));
            v += 2;
            add(
                    step,
                    epoch,
                    site.name(),
                    DiagnosticQuantity.SATURATED,
                    values[v++] / (double) activationSize);
        }
        List<String> names = layout.layerNames();
        for (String name : names) {
            add(step, epoch, name, DiagnosticQuantity.GRAD_NORM, values[v++]);
        }
        for (String name : names) {
            double delta = values[v++];
            double weight = values[v++];
            add(step, epoch, name, DiagnosticQuantity.UPDATE_RATIO, delta / weight);
        }
    }

    private void add(
            long step, int epoch, String layer, DiagnosticQuantity quantity, double value) {
        rows.add(new DiagnosticRow(step, epoch, layer, quantity, value));
    }

    private static NDArray weight(List<Block> children, int index) {
        return children.get(index).getParameters().get(WEIGHT).getArray();
    }

    /**
     * The mean and the L2 norm of every value of {@code x}: two reductions, where the two-pass
     * standard deviation takes four passes over the array (the cost that matters at conv1).
     */
    private static NDList moments(NDArray x) {
        return new NDList(x.mean(), x.norm());
    }

    /**
     * The biased standard deviation from {@link #moments} at {@code values[at]} (mean) and {@code
     * values[at + 1]} (norm): √(‖x‖²/n − mean²), in double; never negative.
     */
    static double std(float[] values, int at, long n) {
        double mean = values[at];
        double norm = values[at + 1];
        return Math.sqrt(Math.max(0, norm * norm / n - mean * mean));
    }

    /**
     * How many of {@code a}'s values are on the activation's flat parts: for a sigmoid, |a − 0.5| >
     * 0.45 (below {@value #SIGMOID_LOW} or above {@value #SIGMOID_HIGH}); for a ReLU, a = 0.
     */
    private static NDArray saturatedCount(NDArray a, NetworkConfig.Activation activation) {
        NDArray count =
                activation == NetworkConfig.Activation.SIGMOID
                        ? a.sub(0.5f).abs().gt(SIGMOID_HIGH - 0.5f).countNonzero()
                        : a.eq(0f).countNonzero();
        return count.toType(DataType.FLOAT32, false);
    }

    /** ‖∇W‖, or NaN for a weight that takes no gradient. */
    private static NDArray gradientNorm(NDManager scope, NDArray w) {
        if (!w.hasGradient()) {
            return scope.create(Float.NaN);
        }
        // DJL attaches the gradient's handle to the weight's manager, which lives as long as the
        // model: moved to the step's scope so it is freed with it
        NDArray gradient = w.getGradient();
        gradient.attach(scope);
        return gradient.norm();
    }
}
