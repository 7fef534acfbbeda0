package bnlab.nn;

import static bnlab.nn.GoldenPyTorchTest.check;
import static bnlab.nn.GoldenPyTorchTest.param;
import static bnlab.nn.GoldenPyTorchTest.setParam;
import static bnlab.nn.GoldenPyTorchTest.steps;
import static bnlab.nn.GoldenPyTorchTest.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import bnlab.nn.GoldenPyTorchTest.Step;
import bnlab.nn.GoldenPyTorchTest.Tol;
import com.google.gson.JsonObject;
import java.util.List;

/**
 * Replays the PyTorch golden cases of {@code src/test/resources/bnlab/golden/lite_golden.json}
 * (mean-only and variance-only batch norm written as plain torch ops in float64 by {@code
 * src/test/python/make_golden.py}, function {@code lite_step}) through {@link LiteNormOps}
 * ("function" cases) and {@link LiteNorm} ("block" cases), in float32 and float64, with the
 * tolerances of {@link GoldenPyTorchTest} (no case has a large offset, so no slack).
 */
class LiteNormGoldenTest extends GoldenReplayTest {

    LiteNormGoldenTest() {
        super("/bnlab/golden/lite_golden.json", 24);
    }

    @Override
    void replay(JsonObject c, DataType dt) {
        String name = c.get("name").getAsString();
        boolean meanOnly = "mean".equals(c.get("kind").getAsString());
        boolean block = "block".equals(c.get("level").getAsString());
        float eps = c.get("eps").getAsFloat();
        float momentum = c.get("momentum").getAsFloat();
        boolean affine = c.get("affine").getAsBoolean();
        String paramName = meanOnly ? "beta" : "gamma";
        String runningName = meanOnly ? "runningMean" : "runningVar";
        Tol tolerance = Tol.of(dt, 0);
        List<Step> steps = steps(c, dt);
        try (NDManager m = NDManager.newBaseManager()) {
            LiteNorm norm = null;
            ParameterStore ps = new ParameterStore(m, false);
            if (block) {
                norm =
                        LiteNorm.builder()
                                .setKind(
                                        meanOnly
                                                ? LiteNorm.Kind.MEAN_ONLY
                                                : LiteNorm.Kind.VARIANCE_ONLY)
                                .optEpsilon(eps)
                                .optMomentum(momentum)
                                .optAffine(affine)
                                .build();
                norm.initialize(m, dt, tensor(m, steps.get(0).get("x"), dt).getShape());
                if (c.get("set_params").getAsBoolean()) {
                    setParam(norm, paramName, c.getAsJsonObject("param"), dt, name);
                }
            }
            NDArray moving = block ? null : tensor(m, c.get("moving_init"), dt);
            for (Step st : steps) {
                boolean training = st.training();
                String ctx = st.ctx();
                NDArray x = tensor(m, st.get("x"), dt);
                // fresh per step, so gradients never accumulate across steps
                NDArray p = block ? null : tensor(m, c.get("param"), dt);
                boolean withGrad = st.has("r");
                NDArray y;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    if (withGrad) {
                        x.setRequiresGradient(true);
                        if (p != null) {
                            p.setRequiresGradient(true);
                        }
                    }
                    if (block) {
                        y = norm.forward(ps, new NDList(x), training).singletonOrThrow();
                    } else {
                        BatchNormOps.Result r =
                                meanOnly
                                        ? LiteNormOps.meanOnly(training, x, p, moving, momentum)
                                        : LiteNormOps.varianceOnly(
                                                training, x, p, moving, eps, momentum);
                        y = r.output();
                        moving = meanOnly ? r.movingMean() : r.movingVar();
                        assertNull(meanOnly ? r.movingVar() : r.movingMean(), ctx);
                    }
                    if (withGrad) {
                        gc.backward(y.mul(tensor(m, st.get("r"), dt)).sum());
                    }
                }
                assertEquals(x.getShape(), y.getShape(), ctx + ": output shape");
                check(ctx, "output Y", y, st.get("y"), dt, tolerance, true);
                if (withGrad) {
                    check(ctx, "dL/dx", x.getGradient(), st.get("dx"), dt, tolerance, true);
                    if (affine) {
                        NDArray grad =
                                block
                                        ? param(norm, paramName, ctx).getArray().getGradient()
                                        : p.getGradient();
                        check(ctx, "dL/d" + paramName, grad, st.get("dparam"), dt, tolerance, true);
                        grad.subi(grad); // the block's gradient accumulates: zero it
                    }
                }
                NDArray actualMoving = block ? param(norm, runningName, ctx).getArray() : moving;
                if (st.has("moving")) {
                    check(ctx, runningName, actualMoving, st.get("moving"), dt, tolerance, true);
                } else {
                    assertNull(actualMoving, ctx + ": " + runningName);
                }
            }
        }
    }
}
