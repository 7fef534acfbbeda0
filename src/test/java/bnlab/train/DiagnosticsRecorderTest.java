package bnlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import bnlab.data.Split;
import bnlab.errors.SettingException;
import bnlab.model.LeNet;
import bnlab.model.NetworkConfig;
import bnlab.model.SiteLayout;
import bnlab.model.Variant;
import bnlab.run.RunDirectory;
import bnlab.testing.ManagerPerTest;
import bnlab.testing.RandomSplits;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The recorder's numbers against the same quantities computed independently, in double precision on
 * the host, from the arrays of one forward and backward pass; and training with it against training
 * without.
 */
@ExtendWith(ManagerPerTest.class)
class DiagnosticsRecorderTest {

    private static final int BATCH = 16;
    private static final float STEP = 0.05f;

    @Test
    void recordsTheFirstStepThenEveryKth() {
        DiagnosticsRecorder every3 = new DiagnosticsRecorder(3);
        List<Long> recorded = new ArrayList<>();
        for (long step = 1; step <= 10; step++) {
            if (every3.records(step)) {
                recorded.add(step);
            }
        }
        assertEquals(List.of(1L, 4L, 7L, 10L), recorded);
        assertTrue(new DiagnosticsRecorder(1).records(2));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void refusesAnIntervalBelowOne(int every) {
        SettingException e =
                assertThrows(SettingException.class, () -> new DiagnosticsRecorder(every));
        assertEquals(
                "every must be in 1.." + DiagnosticsRecorder.MAX_EVERY + ", got " + every,
                e.getMessage());
    }

    /**
     * One recorded step of a small batch through LeNet, against the host's computation from the
     * same arrays: the means and biased standard deviations of each site's normalizer input and
     * output, the saturated fractions, the weight gradients' norms and ‖W after − W before‖ / ‖W
     * before‖ of a plain gradient step.
     */
    @ParameterizedTest
    @ValueSource(strings = {"scratch", "plain", "plain,activation=relu", "scratch,position=after"})
    void matchesAnIndependentComputation(String text, NDManager manager) {
        NetworkConfig network = NetworkConfig.parse(text);
        SiteLayout layout = LeNet.layout(network);
        Engine.getInstance().setRandomSeed(7);
        SequentialBlock net = LeNet.builder().setConfig(network).build();
        net.initialize(manager, DataType.FLOAT32, LeNet.inputShape(BATCH));
        NDArray x = manager.randomNormal(LeNet.inputShape(BATCH));
        NDList outputs;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            net.setReturnIntermediate(true);
            outputs = net.forward(new ParameterStore(manager, false), new NDList(x), true);
            net.setReturnIntermediate(false);
            // a loss whose gradient reaches every weight
            collector.backward(outputs.get(outputs.size() - 1).square().sum());
        }
        List<Block> children = net.getChildren().values();
        List<float[]> before = new ArrayList<>();
        List<float[]> gradients = new ArrayList<>();
        for (int index : layout.layers()) {
            NDArray w = weight(children, index);
            before.add(w.toFloatArray());
            gradients.add(w.getGradient().toFloatArray());
        }
        DiagnosticsRecorder recorder = new DiagnosticsRecorder(1);
        try (NDManager scope = manager.newSubManager()) {
            recorder.record(
                    scope,
                    net,
                    layout,
                    network.activation(),
                    outputs,
                    () -> {
                        // plain gradient descent, in place
                        for (int index : layout.layers()) {
                            NDArray w = weight(children, index);
                            NDArray g = w.getGradient();
                            w.subi(g.mul(STEP));
                        }
                    },
                    5,
                    2);
        }
        List<DiagnosticRow> rows = recorder.rows();
        assertEquals(4 * 5 + 5 * 2, rows.size());
        assertTrue(rows.stream().allMatch(r -> r.step() == 5 && r.epoch() == 2));

        for (SiteLayout.Site site : layout.sites()) {
            float[] in =
                    outputs.get(site.normalized() ? site.normalizer() - 1 : site.layer())
                            .toFloatArray();
            float[] out =
                    outputs.get(site.normalized() ? site.normalizer() : site.layer())
                            .toFloatArray();
            float[] a = outputs.get(site.activation()).toFloatArray();
            assertClose(mean(in), value(rows, site.name(), DiagnosticQuantity.INPUT_MEAN));
            assertClose(std(in), value(rows, site.name(), DiagnosticQuantity.INPUT_STD));
            assertClose(mean(out), value(rows, site.name(), DiagnosticQuantity.OUTPUT_MEAN));
            assertClose(std(out), value(rows, site.name(), DiagnosticQuantity.OUTPUT_STD));
            double saturated = saturatedFraction(a, network.activation());
            assertEquals(
                    saturated,
                    value(rows, site.name(), DiagnosticQuantity.SATURATED),
                    1e-6,
                    site.name());
        }
        List<String> names = layout.layerNames();
        for (int i = 0; i < names.size(); i++) {
            float[] after = weight(children, layout.layers().get(i)).toFloatArray();
            double[] delta = new double[after.length];
            for (int j = 0; j < after.length; j++) {
                delta[j] = (double) after[j] - before.get(i)[j];
            }
            assertClose(
                    norm(gradients.get(i)),
                    value(rows, names.get(i), DiagnosticQuantity.GRAD_NORM));
            assertClose(
                    norm(delta) / norm(before.get(i)),
                    value(rows, names.get(i), DiagnosticQuantity.UPDATE_RATIO));
        }
    }

    /** A BN network's normalized output has mean 0 and std 1: the recorder sees the normalizer. */
    @Test
    void aBatchNormSiteReportsItsNormalizedOutput() {
        List<DiagnosticRow> rows =
                train(NetworkConfig.of(Variant.SCRATCH), new DiagnosticsRecorder(1), 1);
        for (String site : NetworkConfig.SITES) {
            assertEquals(0, value(rows, site, DiagnosticQuantity.OUTPUT_MEAN), 1e-4, site);
            assertEquals(1, value(rows, site, DiagnosticQuantity.OUTPUT_STD), 1e-3, site);
            assertFalse(
                    Math.abs(value(rows, site, DiagnosticQuantity.INPUT_STD) - 1) < 1e-3,
                    site + ": the input is not normalized yet");
        }
    }

    /**
     * Recording reads and copies, but changes nothing: the same seed trains to the same losses and
     * weights with and without it; it records steps 1, 1 + K, ... counted over both epochs.
     */
    @Test
    void trainingWithDiagnosticsTakesTheSameStepsAndRecordsEveryKth() {
        NetworkConfig network = NetworkConfig.of(Variant.SCRATCH);
        List<Double> plainLosses = new ArrayList<>();
        float[] plainWeights = trainAndCollect(network, null, plainLosses);
        List<Double> recordedLosses = new ArrayList<>();
        DiagnosticsRecorder recorder = new DiagnosticsRecorder(3);
        float[] recordedWeights = trainAndCollect(network, recorder, recordedLosses);
        assertEquals(plainLosses, recordedLosses);
        assertArrayEquals(plainWeights, recordedWeights);
        // 4 batches per epoch, 2 epochs: steps 1, 4, 7
        List<DiagnosticRow> rows = recorder.rows();
        assertEquals(3 * 30, rows.size());
        assertEquals(
                List.of(1L, 4L, 7L), rows.stream().map(DiagnosticRow::step).distinct().toList());
        assertEquals(
                List.of(1, 1, 2),
                rows.stream()
                        .filter(r -> r.quantity() == DiagnosticQuantity.GRAD_NORM)
                        .filter(r -> r.layer().equals(SiteLayout.OUTPUT_LAYER))
                        .map(DiagnosticRow::epoch)
                        .toList());
    }

    /**
     * A recorded step leaves nothing behind in the model's manager (DJL attaches a gradient's
     * handle and a weight's copy there): after a first epoch of recorded steps, a second adds no
     * array.
     */
    @Test
    void recordedStepsHoldNoMemoryAfterwards() {
        NetworkConfig network = NetworkConfig.of(Variant.SCRATCH);
        try (Model model = RunDirectory.newLeNetModel(network);
                ClassifierTrainer trainer =
                        new ClassifierTrainer(model, config(network, 2), TRAIN, TEST)) {
            trainer.optDiagnostics(new DiagnosticsRecorder(1));
            trainer.trainEpoch(1, BatchListener.NONE);
            int held = ManagerPerTest.openArrays(model.getNDManager());
            trainer.trainEpoch(2, BatchListener.NONE);
            assertEquals(held, ManagerPerTest.openArrays(model.getNDManager()));
        }
    }

    private static final Split TRAIN = RandomSplits.of("train", 4 * BATCH, 1);
    private static final Split TEST = RandomSplits.of("test", BATCH, 2);

    private static List<DiagnosticRow> train(
            NetworkConfig network, DiagnosticsRecorder recorder, int epochs) {
        try (Model model = RunDirectory.newLeNetModel(network);
                ClassifierTrainer trainer =
                        new ClassifierTrainer(model, config(network, epochs), TRAIN, TEST)) {
            trainer.optDiagnostics(recorder);
            for (int e = 1; e <= epochs; e++) {
                trainer.trainEpoch(e, BatchListener.NONE);
            }
        }
        return recorder.rows();
    }

    /** Trains two epochs, collecting the losses; returns the first conv layer's weights. */
    private static float[] trainAndCollect(
            NetworkConfig network, DiagnosticsRecorder recorder, List<Double> losses) {
        try (Model model = RunDirectory.newLeNetModel(network);
                ClassifierTrainer trainer =
                        new ClassifierTrainer(model, config(network, 2), TRAIN, TEST)) {
            if (recorder != null) {
                trainer.optDiagnostics(recorder);
            }
            for (int e = 1; e <= 2; e++) {
                losses.add(trainer.trainEpoch(e, BatchListener.NONE).loss());
            }
            return model.getBlock().getParameters().get(0).getValue().getArray().toFloatArray();
        }
    }

    private static TrainingConfig config(NetworkConfig network, int epochs) {
        return new TrainingConfig(network, epochs, BATCH, 0.01f, OptimizerKind.ADAM, 42, null, 1);
    }

    private static NDArray weight(List<Block> children, int index) {
        return children.get(index).getParameters().get("weight").getArray();
    }

    private static double value(List<DiagnosticRow> rows, String layer, DiagnosticQuantity q) {
        return rows.stream()
                .filter(r -> r.layer().equals(layer) && r.quantity() == q)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + q + " of " + layer))
                .value();
    }

    private static void assertClose(double expected, double actual) {
        assertEquals(expected, actual, 1e-4 * Math.max(1, Math.abs(expected)));
    }

    private static double mean(float[] v) {
        double sum = 0;
        for (float f : v) {
            sum += f;
        }
        return sum / v.length;
    }

    /** Two-pass biased standard deviation. */
    private static double std(float[] v) {
        double mean = mean(v);
        double sum = 0;
        for (float f : v) {
            sum += (f - mean) * (f - mean);
        }
        return Math.sqrt(sum / v.length);
    }

    private static double saturatedFraction(float[] a, NetworkConfig.Activation activation) {
        int count = 0;
        for (float f : a) {
            boolean flat =
                    activation == NetworkConfig.Activation.SIGMOID ? f < 0.05 || f > 0.95 : f == 0;
            count += flat ? 1 : 0;
        }
        return (double) count / a.length;
    }

    private static double norm(float[] v) {
        double sum = 0;
        for (float f : v) {
            sum += (double) f * f;
        }
        return Math.sqrt(sum);
    }

    private static double norm(double[] v) {
        double sum = 0;
        for (double d : v) {
            sum += d * d;
        }
        return Math.sqrt(sum);
    }
}
