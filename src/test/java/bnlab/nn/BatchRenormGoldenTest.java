package bnlab.nn;

import static bnlab.nn.GoldenPyTorchTest.check;
import static bnlab.nn.GoldenPyTorchTest.stepContext;
import static bnlab.nn.GoldenPyTorchTest.tensor;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays the golden cases of {@code src/test/resources/bnlab/golden/renorm_golden.json} (batch
 * renormalization written as plain torch ops in float64 by {@code src/test/python/make_golden.py},
 * function {@code renorm_step}) through {@link BatchRenormOps#batchRenorm} in float32 and float64:
 * training steps with the gradients of L = sum(y·r) and the moving statistics, then inference. The
 * cases include clipped and unclipped r and d, and r_max = 1, d_max = 0 (batch norm).
 */
class BatchRenormGoldenTest {

    private static final String RESOURCE = "/bnlab/golden/renorm_golden.json";

    @TestFactory
    Stream<DynamicNode> goldenCases() {
        return GoldenPyTorchTest.casesPerType(RESOURCE, 5, BatchRenormGoldenTest::replay);
    }

    private static void replay(JsonObject c, DataType dt) {
        String name = c.get("name").getAsString();
        double tol = dt == DataType.FLOAT64 ? GoldenPyTorchTest.TOL64 : GoldenPyTorchTest.TOL32;
        GoldenPyTorchTest.Tol tolerance = new GoldenPyTorchTest.Tol(tol, tol, 0);
        BatchNormOps.Options options =
                BatchNormOps.Options.DEFAULTS
                        .withEps(c.get("eps").getAsFloat())
                        .withMomentum(c.get("momentum").getAsFloat());
        float rMax = c.get("rmax").getAsFloat();
        float dMax = c.get("dmax").getAsFloat();
        JsonArray steps = c.getAsJsonArray("steps");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray movingMean = tensor(m, c.get("moving_mean_init"), dt);
            NDArray movingVar = tensor(m, c.get("moving_var_init"), dt);
            for (int i = 0; i < steps.size(); i++) {
                JsonObject st = steps.get(i).getAsJsonObject();
                boolean training = st.get("training").getAsBoolean();
                String ctx = stepContext(name, dt, i, training);
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
                    check(
                            ctx,
                            "dL/dgamma",
                            gamma.getGradient(),
                            st.get("dgamma"),
                            dt,
                            tolerance,
                            true);
                    check(
                            ctx,
                            "dL/dbeta",
                            beta.getGradient(),
                            st.get("dbeta"),
                            dt,
                            tolerance,
                            true);
                }
                movingMean = r.movingMean();
                movingVar = r.movingVar();
                check(ctx, "moving mean", movingMean, st.get("moving_mean"), dt, tolerance, true);
                check(ctx, "moving var", movingVar, st.get("moving_var"), dt, tolerance, true);
            }
        }
    }
}
