package bnlab.study;

import bnlab.train.EpochMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trains nothing: each network's figures follow from its configuration's {@code acc} setting and
 * its seed, so tests know every value. Test accuracy at epoch e of E is {@code acc + seed / 100 −
 * (E − e) / 100}; train accuracy is 0.05 above it, loss is 1 − test accuracy, and the extra measure
 * {@code gap} is train minus test accuracy. A configuration with {@code diverge=true} diverges
 * after its first epoch. Records every network it was asked for.
 */
final class FakeTrainer implements NetworkTrainer {

    final List<String> trained = new ArrayList<>();
    private final int failAfter;

    /** A trainer that never fails. */
    FakeTrainer() {
        this(Integer.MAX_VALUE);
    }

    /** A trainer whose network number {@code failAfter + 1} fails, as if the process died. */
    FakeTrainer(int failAfter) {
        this.failAfter = failAfter;
    }

    static double testAcc(double acc, long seed) {
        return acc + seed / 100.0;
    }

    @Override
    public RunOutcome train(TrainingRequest request) {
        if (trained.size() == failAfter) {
            throw new IllegalStateException("killed");
        }
        trained.add(request.config().name() + "/" + request.seed());
        double acc = Double.parseDouble(request.config().settings().get("acc"));
        boolean diverge = "true".equals(request.config().settings().get("diverge"));
        List<EpochMetrics> epochs = new ArrayList<>();
        for (int e = 1; e <= request.epochs(); e++) {
            request.checkStop();
            if (diverge && e == 2) {
                return RunOutcome.diverged(epochs, Map.of("gap", Double.NaN));
            }
            double test = testAcc(acc, request.seed()) - (request.epochs() - e) / 100.0;
            epochs.add(new EpochMetrics(e, 1 - test, test + 0.05, test, 0.5));
        }
        EpochMetrics last = epochs.get(epochs.size() - 1);
        return RunOutcome.completed(
                epochs, Map.of("gap", last.trainAccuracy() - last.testAccuracy()));
    }
}
