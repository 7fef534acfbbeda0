package bnlab.nn;

import static bnlab.nn.GoldenPyTorchTest.check;
import static bnlab.nn.GoldenPyTorchTest.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import bnlab.nn.GoldenPyTorchTest.Tol;
import com.google.gson.JsonObject;

/**
 * Replays the PyTorch golden cases of {@code src/test/resources/bnlab/golden/group_golden.json}
 * ({@code torch.nn.functional.group_norm} in float64, written by {@code
 * src/test/python/make_golden.py}) through {@link GroupNormOps#groupNorm} in float32 and float64:
 * output and the gradients of L = sum(y·r) with respect to x, γ and β. The case with a mean of 30
 * gets {@link GoldenPyTorchTest}'s float32 slack for large offsets.
 */
class GroupNormGoldenTest extends GoldenReplayTest {

    GroupNormGoldenTest() {
        super("/bnlab/golden/group_golden.json", 8);
    }

    @Override
    void replay(JsonObject c, DataType dt) {
        String ctx = c.get("name").getAsString() + " " + dt;
        boolean affine = c.get("affine").getAsBoolean();
        boolean offset = ctx.contains("offset");
        // float32 loses digits of x − μ when |μ| is 30: GoldenPyTorchTest's slack for large
        // offsets, 4 units in the last place of the offset over σ (about 1 here)
        Tol tolerance =
                Tol.of(dt, offset && dt == DataType.FLOAT32 ? 4 * Math.pow(2, -24) * 30 : 0);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = tensor(m, c.get("x"), dt);
            NDArray gamma = affine ? tensor(m, c.get("gamma"), dt) : null;
            NDArray beta = affine ? tensor(m, c.get("beta"), dt) : null;
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                x.setRequiresGradient(true);
                if (affine) {
                    gamma.setRequiresGradient(true);
                    beta.setRequiresGradient(true);
                }
                y =
                        GroupNormOps.groupNorm(
                                x,
                                c.get("groups").getAsInt(),
                                gamma,
                                beta,
                                c.get("eps").getAsFloat());
                gc.backward(y.mul(tensor(m, c.get("r"), dt)).sum());
            }
            assertEquals(x.getShape(), y.getShape(), ctx);
            check(ctx, "output Y", y, c.get("y"), dt, tolerance, true);
            check(ctx, "dL/dx", x.getGradient(), c.get("dx"), dt, tolerance, true);
            if (affine) {
                check(ctx, "dL/dgamma", gamma.getGradient(), c.get("dgamma"), dt, tolerance, true);
                check(ctx, "dL/dbeta", beta.getGradient(), c.get("dbeta"), dt, tolerance, true);
            }
        }
    }
}
