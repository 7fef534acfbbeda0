package bnlab.fold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import bnlab.data.FashionMnist;
import bnlab.data.Split;
import bnlab.model.LeNet;
import bnlab.model.NetworkConfig;
import bnlab.model.Variant;
import bnlab.testing.RandomSplits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link FoldCheck#compare} against a count made on the host from each model's logits over the
 * whole split at once: two models that really differ, so that a check comparing a model with
 * itself, or counting one model's answers for the other's, would show.
 */
class FoldCheckTest {

    private static final int IMAGES = 45;

    private Model first;
    private Model second;
    private final Split split = RandomSplits.of("check", IMAGES, 3);

    @BeforeEach
    void twoPlainLeNetsWithDifferentWeights() {
        first = plainLeNet("first", 1);
        second = plainLeNet("second", 2);
    }

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    private static Model plainLeNet(String name, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        Model model = Model.newInstance(name);
        Block net = LeNet.builder().setConfig(NetworkConfig.of(Variant.PLAIN)).build();
        model.setBlock(net);
        net.initialize(model.getNDManager(), DataType.FLOAT32, LeNet.inputShape(1));
        return model;
    }

    /** Every example's logits, row-major, from one forward pass over the whole split. */
    private float[] logits(Model model) {
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList x = new NDList(manager.create(split.pixelsAsFloats(), LeNet.inputShape(IMAGES)));
            return model.getBlock()
                    .forward(new ParameterStore(manager, false), x, false)
                    .singletonOrThrow()
                    .toFloatArray();
        }
    }

    private static int argMax(float[] logits, int example) {
        int classes = FashionMnist.NUM_CLASSES;
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (logits[example * classes + c] > logits[example * classes + best]) {
                best = c;
            }
        }
        return best;
    }

    @Test
    void countsEachModelsAnswersTheirDisagreementsAndTheLargestDifference() {
        float[] a = logits(first);
        float[] b = logits(second);
        long aCorrect = 0;
        long bCorrect = 0;
        long disagreements = 0;
        double maxDiff = 0;
        for (int i = 0; i < IMAGES; i++) {
            aCorrect += argMax(a, i) == split.label(i) ? 1 : 0;
            bCorrect += argMax(b, i) == split.label(i) ? 1 : 0;
            disagreements += argMax(a, i) != argMax(b, i) ? 1 : 0;
        }
        for (int j = 0; j < a.length; j++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[j] - b[j]));
        }
        assertTrue(aCorrect != bCorrect && disagreements > 0, "the two models must differ");

        // 45 images in batches of 8: five full batches and a last one of 5
        FoldCheck check = FoldCheck.compare(first, second, split, 8);
        assertEquals(IMAGES, check.images());
        assertEquals(aCorrect, check.unfoldedCorrect());
        assertEquals(bCorrect, check.foldedCorrect());
        assertEquals(disagreements, check.disagreements());
        assertEquals(maxDiff, check.maxAbsLogitDifference(), 1e-5);
        assertEquals((double) aCorrect / IMAGES, check.unfoldedAccuracy());
        assertEquals((double) bCorrect / IMAGES, check.foldedAccuracy());
    }

    @Test
    void aModelAgreesWithItself() {
        FoldCheck check = FoldCheck.compare(first, first, split, 45);
        assertEquals(check.unfoldedCorrect(), check.foldedCorrect());
        assertEquals(0, check.disagreements());
        assertEquals(0, check.maxAbsLogitDifference());
    }

    @Test
    void aBatchSizeBelowOneIsRefused() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> FoldCheck.compare(first, second, split, 0));
        assertEquals("batch size must be at least 1, got 0", e.getMessage());
    }
}
