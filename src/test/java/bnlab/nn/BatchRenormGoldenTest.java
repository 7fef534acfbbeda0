package bnlab.nn;

import static bnlab.nn.GoldenPyTorchTest.check;
import static bnlab.nn.GoldenPyTorchTest.checkAffineGradients;
import static bnlab.nn.GoldenPyTorchTest.checkMovingStatistics;
import static bnlab.nn.GoldenPyTorchTest.steps;
import static bnlab.nn.GoldenPyTorchTest.tensor;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import bnlab.nn.GoldenPyTorchTest.Step;
import bnlab.nn.GoldenPyTorchTest.Tol;
import com.google.gson.JsonObject;

/**
 * Replays the golden cases of {@code src/test/resources/bnlab/golden/renorm_golden.json} (batch
 * renormalization written as plain torch ops in float64 by {@code src/test/python/make_golden.py},
 * function {@code renorm_step}) through {@link BatchRenormOps#batchRenorm} in float32 and float64:
 * training steps with the gradients of L = sum(y·r) and the moving statistics, then inference. The
 * cases include clipped and unclipped r and d, and r_max = 1, d_max = 0 (batch norm).
 */
class BatchRenormGoldenTest extends GoldenReplayTest {

    BatchRenormGoldenTest() {
        super("/bnlab/golden/renorm_golden.json", 5);
    }

    @Override
    void replay(JsonObject c, DataType dt) {
        Tol tolerance = Tol.of(dt, 0);
        BatchNormOps.Options options =
                BatchNormOps.Options.DEFAULTS
                        .withEps(c.get("eps").getAsFloat())
                        .withMomentum(c.get("momentum").getAsFloat());
        float rMax = c.get("rmax").getAsFloat();
        float dMax = c.get("dmax").getAsFloat();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray movingMean = tensor(m, c.get("moving_mean_init"), dt);
            NDArray movingVar = tensor(m, c.get("moving_var_init"), dt);
            for (Step st : steps(c, dt)) {
                boolean training = st.training();
                String ctx = st.ctx();
                NDArray x = tensor(m, st.get("x"), dt);
                // fresh per step, so gradients never accumulate across steps
                NDArray gamma = tensor(m, c.get("gamma"), dt);
                NDArray beta = tensor(m, c.get("beta"), dt);
                BatchNormOps.Result r;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    if (training) {
                        x.setRequiresGradient(true);
                        gamma.setRequiresGradient(true);
                        beta.setRequiresGradient(true);
                    }
                    r =
                            BatchRenormOps.batchRenorm(
                                    training,
                                    x,
                                    gamma,
                                    beta,
                                    movingMean,
                                    movingVar,
                                    rMax,
                                    dMax,
                                    options);
                    if (training) {
                        gc.backward(r.output().mul(tensor(m, st.get("r"), dt)).sum());
                    }
                }
                check(ctx, "output Y", r.output(), st.get("y"), dt, tolerance, true);
                if (training) {
                    check(ctx, "dL/dx", x.getGradient(), st.get("dx"), dt, tolerance, true);
                    checkAffineGradients(st, gamma, beta, dt, tolerance, true);
                }
                checkMovingStatistics(st, r, dt, tolerance, true);
                movingMean = r.movingMean();
                movingVar = r.movingVar();
            }
        }
    }
}
