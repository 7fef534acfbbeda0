#!/usr/bin/python3
"""Golden reference data for bnlab's from-scratch batch normalization (D2L 5.10).

Regenerate (from the repository root, with Debian's python3 + PyTorch 1.13):

    /usr/bin/python3 src/test/python/make_golden.py src/test/resources/bnlab/golden

This writes ``bn_golden.json``, ``lite_golden.json`` (mean-only and
variance-only batch norm, see ``lite_step``), ``group_golden.json`` (group, layer and instance
norm) and ``renorm_golden.json`` (batch renormalization, see ``renorm_step``) into the given folder. It is deterministic (fixed
seeds) and is a test-time tool only: the Java code never depends on Python.

How the reference is computed
-----------------------------
* Every input (x, gamma, beta, R, initial moving stats) is first rounded to a
  float32-representable value, then everything is computed in float64 by
  PyTorch. The Java test can therefore replay the very same inputs in float32
  and in float64; only the arithmetic differs.
* The scalar settings the Java API takes as ``float`` (eps, momentum) are also
  rounded to float32 before use, so the float64 replay is not polluted by the
  0.9 vs 0.9f difference.
* Output Y comes from ``torch.nn.functional.batch_norm`` (training: batch
  stats; inference: moving stats). Moving stats follow bnlab's convention:
  ``moving = m*moving + (1-m)*batch`` where m (ours) = 1 - p (PyTorch momentum),
  with the BIASED batch variance by default and the unbiased one
  (x n/(n-1), what PyTorch stores) when ``unbiased`` is set. Cumulative average
  (PyTorch ``momentum=None``): m = 1 - 1/k at the k-th training batch.
* Whenever an ``nn.BatchNorm1d/2d`` module expresses the same setting (unbiased
  running variance), that module is run too and must agree to 1e-12; its
  constructor is recorded in ``torch_call``. Biased-variance settings have no
  PyTorch module equivalent; they are computed with F.batch_norm plus the formula
  above, as stated in ``torch_call``.
* Gradients are those of ``sum(Y * R)`` for a random R, w.r.t. x, gamma and beta,
  in training steps.

JSON layout: {"meta": {...}, "cases": [case, ...]}; a tensor is
{"shape": [...], "data": [row-major values]}. Each case has
``kind`` = "function" (replay through BatchNormOps.batchNorm) or "block"
(replay through ScratchBatchNorm), the Java settings in ``settings``, and
``steps``: each step has ``training``, ``x``, expected ``y``, expected
``moving_mean``/``moving_var`` after the step (null when there are no running
stats), and optionally ``r``, ``dx``, ``dgamma``, ``dbeta``. Function cases
feed each step the moving stats returned by the previous step (the first step
gets ``moving_mean_init``/``moving_var_init``); block cases start from the
block's own initial values (0 and 1, as PyTorch) and keep state in the block.
"""

import json
import math
import os
import sys

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def f32(t):
    """Round to float32-representable values, keep float64 dtype."""
    return t.to(torch.float32).to(torch.float64)


def f32s(v):
    """Round a Python scalar to the nearest float32."""
    return float(torch.tensor(v, dtype=torch.float32).item())


def enc(t):
    if t is None:
        return None
    t = t.detach().to(torch.float64).contiguous()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def red_dims(x):
    return [0] + list(range(2, x.dim()))


def per_channel_count(x):
    return x.numel() // x.shape[1]


class Ref:
    """bnlab semantics, computed with PyTorch in float64."""

    def __init__(self, eps, momentum, unbiased, cumulative, affine, track):
        self.eps = f32s(eps)
        self.m = None if cumulative else f32s(momentum)
        self.unbiased = unbiased
        self.cumulative = cumulative
        self.affine = affine
        self.track = track
        self.k = 0  # batches seen (cumulative average)

    def step(self, x, gamma, beta, mm, mv, training, r=None):
        """Returns y, new moving mean, new moving var, grads (dx, dgamma, dbeta)."""
        x = x.clone().requires_grad_(r is not None)
        g = gamma.clone().requires_grad_(r is not None) if gamma is not None else None
        b = beta.clone().requires_grad_(r is not None) if beta is not None else None
        use_batch = training or mm is None
        if use_batch:
            y = F.batch_norm(x, None, None, g, b, training=True, eps=self.eps)
        else:
            y = F.batch_norm(x, mm, mv, g, b, training=False, eps=self.eps)
        # Independent check of Y with the textbook formula.
        dims = red_dims(x)
        shp = [1, x.shape[1]] + [1] * (x.dim() - 2)
        with torch.no_grad():
            if use_batch:
                mu = x.mean(dims, keepdim=True)
                var = ((x - mu) ** 2).mean(dims, keepdim=True)
            else:
                mu, var = mm.view(shp), mv.view(shp)
            yy = (x - mu) / torch.sqrt(var + self.eps)
            if g is not None:
                yy = yy * g.view(shp) + b.view(shp)
            assert torch.allclose(y, yy, rtol=1e-9, atol=1e-9), "Y formula mismatch"
        new_mm, new_mv = mm, mv
        if training and mm is not None:
            with torch.no_grad():
                n = per_channel_count(x)
                mean = x.mean(dims)
                var_b = x.var(dims, unbiased=False)
                var_r = var_b * n / (n - 1) if self.unbiased else var_b
                self.k += 1
                w = (1.0 - 1.0 / self.k) if self.cumulative else self.m
                new_mm = w * mm + (1.0 - w) * mean
                new_mv = w * mv + (1.0 - w) * var_r
                if self.unbiased:
                    # cross-check against PyTorch's own running-stat update
                    rm, rv = mm.clone(), mv.clone()
                    p = (1.0 / self.k) if self.cumulative else 1.0 - self.m
                    F.batch_norm(x.detach(), rm, rv, None, None, training=True, momentum=p, eps=self.eps)
                    assert torch.allclose(rm, new_mm, rtol=1e-12, atol=1e-12)
                    assert torch.allclose(rv, new_mv, rtol=1e-12, atol=1e-12)
        grads = (None, None, None)
        if r is not None:
            (y * r).sum().backward()
            grads = (x.grad, g.grad if g is not None else None, b.grad if b is not None else None)
        return y.detach(), new_mm, new_mv, grads


def settings_dict(eps, momentum, unbiased, cumulative, affine, track):
    return {"eps": eps, "momentum": None if cumulative else momentum, "unbiased": unbiased,
            "cumulative": cumulative, "affine": affine, "track": track}


def rand_x(gen, shape, offset=0.0, scale=1.0, signs=None):
    z = torch.randn(shape, generator=gen)
    C = shape[1]
    shp = [1, C] + [1] * (len(shape) - 2)
    if signs is None:
        center = offset
    else:
        center = (torch.tensor(signs[:C], dtype=torch.float64) * offset).view(shp)
    # per-channel spread so channels differ
    spread = (scale * (0.5 + torch.rand(C, generator=gen))).view(shp) if signs is None else scale
    return f32(center + spread * z)


def rand_params(gen, C, pshape):
    gamma = f32(0.5 + torch.rand(C, generator=gen) * 1.5) * torch.where(torch.rand(C, generator=gen) < 0.25, -1.0, 1.0)
    beta = f32(torch.randn(C, generator=gen))
    return gamma.reshape(pshape), beta.reshape(pshape)


CASES = []


def function_case(name, desc, seed, shapes_training, pshape_kind="C", eps=1e-5, momentum=0.9,
                  overload=False, unbiased=False, affine=True, moving=True,
                  offset=0.0, scale=1.0, signs=None, grads=True, infer_after=True):
    gen = torch.Generator().manual_seed(seed)
    C = shapes_training[0][1]
    d = len(shapes_training[0])
    pshape = [C] if pshape_kind == "C" else [1, C] + [1] * (d - 2)
    gamma, beta = rand_params(gen, C, pshape) if affine else (None, None)
    if moving and signs is not None:
        # large-offset case: moving stats already near the data (a "converged" model)
        center = torch.tensor(signs[:C], dtype=torch.float64) * offset
        mm = f32(center + scale * torch.randn(C, generator=gen)).reshape(pshape)
        mv = f32(scale ** 2 * (0.5 + 1.5 * torch.rand(C, generator=gen))).reshape(pshape)
    elif moving:
        mm = f32(torch.randn(C, generator=gen) * 0.5 + offset * 0.5).reshape(pshape)
        mv = f32(0.5 + 1.5 * torch.rand(C, generator=gen)).reshape(pshape)
    else:
        mm = mv = None
    ref = Ref(eps, momentum, unbiased, False, affine, moving)
    flat = lambda t: None if t is None else t.reshape(-1)
    steps = []
    cur_mm, cur_mv = mm, mv
    plan = [(s, True) for s in shapes_training] + ([(shapes_training[-1], False)] if infer_after else [])
    for i, (shape, training) in enumerate(plan):
        x = rand_x(gen, shape, offset + (0.3 * i if training and signs is None else 0.0), scale, signs)
        r = f32(torch.randn(shape, generator=gen)) if (training and grads) else None
        y, nmm, nmv, (dx, dg, db) = ref.step(x, flat(gamma), flat(beta), flat(cur_mm), flat(cur_mv), training, r)
        cur_mm = None if nmm is None else nmm.reshape(pshape)
        cur_mv = None if nmv is None else nmv.reshape(pshape)
        step = {"training": training, "x": enc(x), "y": enc(y),
                "moving_mean": enc(cur_mm), "moving_var": enc(cur_mv)}
        if r is not None:
            step.update({"r": enc(r), "dx": enc(dx), "dgamma": enc(None if dg is None else dg.reshape(pshape)),
                         "dbeta": enc(None if db is None else db.reshape(pshape))})
        steps.append(step)
    java_call = ("BatchNormOps.trainingStep / inference(x, gamma, beta, movingMean, movingVar,"
                 " Options.DEFAULTS.withEps(eps).withMomentum(momentum).withUnbiasedRunningVariance(unbiased))"
                 if overload else
                 "BatchNormOps.batchNorm(training, x, gamma, beta, movingMean, movingVar, eps, momentum)")
    torch_call = ("F.batch_norm(x, None, None, gamma, beta, training=True, eps=eps) in training / "
                  "F.batch_norm(x, moving_mean, moving_var, gamma, beta, training=False, eps=eps) in inference; "
                  "moving = m*moving + (1-m)*batch_stat with %s batch variance%s" %
                  ("unbiased" if unbiased else "biased",
                   " (== F.batch_norm running-stat update with momentum=1-m, checked)" if unbiased else ""))
    if not moving:
        torch_call = "F.batch_norm(x, None, None, gamma, beta, training=True, eps=eps) in training AND inference"
    CASES.append({
        "name": name, "kind": "function", "description": desc,
        "java_call": java_call,
        "overload": overload,
        "settings": settings_dict(eps, momentum, unbiased, False, affine, moving),
        "torch_call": torch_call,
        "offset": abs(offset), "scale": scale,
        "gamma": enc(gamma), "beta": enc(beta),
        "moving_mean_init": enc(mm), "moving_var_init": enc(mv),
        "steps": steps,
    })


def block_case(name, desc, seed, shapes_training, eps=1e-5, momentum=0.9, unbiased=False, cumulative=False,
               affine=True, track=True, set_params=True, offset=0.0, scale=1.0, signs=None, infer_steps=1):
    gen = torch.Generator().manual_seed(seed)
    C = shapes_training[0][1]
    d = len(shapes_training[0])
    if affine and set_params:
        gamma, beta = rand_params(gen, C, [C])
    elif affine:
        gamma, beta = torch.ones(C), torch.zeros(C)
    else:
        gamma = beta = None
    mm, mv = (torch.zeros(C), torch.ones(C)) if track else (None, None)
    ref = Ref(eps, momentum, unbiased, cumulative, affine, track)
    # The real PyTorch module, when one expresses these settings.
    module = None
    if unbiased or not track:
        cls = torch.nn.BatchNorm2d if d == 4 else torch.nn.BatchNorm1d
        p = None if cumulative else 1.0 - f32s(momentum)
        module = cls(C, eps=f32s(eps), momentum=p, affine=affine, track_running_stats=track).double()
        ctor = "nn.%s(%d, eps=%g, momentum=%s, affine=%s, track_running_stats=%s)" % (
            cls.__name__, C, eps, "None" if cumulative else "%g" % (1.0 - momentum), affine, track)
        if affine:
            with torch.no_grad():
                module.weight.copy_(gamma)
                module.bias.copy_(beta)
        torch_call = ctor + "; train()/eval() per step; grads via autograd of sum(Y*R)"
    else:
        torch_call = ("no nn module stores the biased running variance: Y from F.batch_norm "
                      "(training=True / training=False with our moving stats, eps=%g), moving = %s" %
                      (eps, "moving + (batch - moving)/k (cumulative average)" if cumulative
                       else "%g*moving + %g*batch_stat" % (momentum, 1 - momentum)) +
                      " with the biased batch variance x.var(unbiased=False)")
    steps = []
    plan = [(s, True) for s in shapes_training] + [(shapes_training[-1], False)] * infer_steps
    for i, (shape, training) in enumerate(plan):
        x = rand_x(gen, shape, offset + (0.3 * i if training and signs is None else 0.0), scale, signs)
        r = f32(torch.randn(shape, generator=gen)) if training else None
        y, nmm, nmv, (dx, dg, db) = ref.step(x, gamma, beta, mm, mv, training, r)
        if module is not None:
            module.train(training)
            xm = x.clone().requires_grad_(training)
            ym = module(xm)
            assert torch.allclose(ym, y, rtol=1e-11, atol=1e-11), name
            if training:
                (ym * r).sum().backward()
                assert torch.allclose(xm.grad, dx, rtol=1e-10, atol=1e-10)
                if affine:
                    assert torch.allclose(module.weight.grad, dg, rtol=1e-10, atol=1e-10)
                    assert torch.allclose(module.bias.grad, db, rtol=1e-10, atol=1e-10)
                    module.weight.grad = None
                    module.bias.grad = None
            if track:
                assert torch.allclose(module.running_mean, nmm, rtol=1e-12, atol=1e-12)
                assert torch.allclose(module.running_var, nmv, rtol=1e-12, atol=1e-12)
        mm, mv = nmm, nmv
        step = {"training": training, "x": enc(x), "y": enc(y), "moving_mean": enc(mm), "moving_var": enc(mv)}
        if r is not None:
            step.update({"r": enc(r), "dx": enc(dx), "dgamma": enc(dg), "dbeta": enc(db)})
        steps.append(step)
    CASES.append({
        "name": name, "kind": "block", "description": desc,
        "settings": settings_dict(eps, momentum, unbiased, cumulative, affine, track),
        "torch_call": torch_call,
        "set_params": bool(affine and set_params),
        "offset": abs(offset), "scale": scale,
        "gamma": enc(gamma) if (affine and set_params) else None,
        "beta": enc(beta) if (affine and set_params) else None,
        "steps": steps,
    })


def build():
    # ---- function level: BatchNormOps.batchNorm (8-argument form) ----
    function_case("fn_2d", "2-D (N,C)=(8,5), params (C): train + grads, then inference", 101, [(8, 5)])
    function_case("fn_2d_params_1C", "2-D (8,5), params (1,C)", 102, [(8, 5)], pshape_kind="1C")
    function_case("fn_3d", "3-D (N,C,L)=(4,3,7), params (1,C,1)", 103, [(4, 3, 7)], pshape_kind="1C")
    function_case("fn_3d_params_C", "3-D (4,3,7), params (C)", 104, [(4, 3, 7)])
    function_case("fn_4d", "4-D (N,C,H,W)=(4,3,5,6), params (1,C,1,1)", 105, [(4, 3, 5, 6)], pshape_kind="1C")
    function_case("fn_4d_params_C", "4-D (4,3,5,6), params (C)", 106, [(4, 3, 5, 6)])
    function_case("fn_min_2d", "smallest 2-D batch (2,C)", 107, [(2, 4)])
    function_case("fn_min_3d", "smallest 3-D batch (1,C,2)", 108, [(1, 3, 2)], pshape_kind="1C")
    function_case("fn_min_4d", "smallest 4-D batch (1,C,1,2)", 109, [(1, 3, 1, 2)], pshape_kind="1C")
    signs = [1, -1, 1, -1, 1]
    for sd, sc in ((110, 0.01), (111, 0.1), (112, 1.0)):
        function_case("fn_offset_2d_sigma%g" % sc,
                      "large offset: channels at +-1000, std %g, 2-D (32,4) (one-pass E[x^2]-E[x]^2 fails in float32)" % sc,
                      sd, [(32, 4)], offset=1000.0, scale=sc, signs=signs)
    function_case("fn_offset_4d_sigma0.01", "large offset +-1000, std 0.01, 4-D (4,3,5,6)", 113, [(4, 3, 5, 6)],
                  pshape_kind="1C", offset=1000.0, scale=0.01, signs=signs)
    function_case("fn_multistep_4d", "4 training steps on different batches (moving stats chained), then inference",
                  114, [(4, 3, 3, 4), (4, 3, 3, 4), (2, 3, 3, 4), (4, 3, 3, 4)], pshape_kind="1C")
    function_case("fn_multistep_2d_m0.8_eps1e-3", "3 training steps, momentum 0.8, eps 1e-3, then inference",
                  115, [(8, 5), (6, 5), (8, 5)], eps=1e-3, momentum=0.8)
    # ---- function level: overload with trailing unbiasedRunningVariance, null gamma/beta, null moving ----
    function_case("fn_ov_unbiased_4d", "overload, unbiased running var, 3 steps + inference", 116,
                  [(4, 3, 3, 4), (4, 3, 3, 4), (4, 3, 3, 4)], pshape_kind="1C", overload=True, unbiased=True)
    function_case("fn_ov_biased_3d", "overload with unbiased=false (same as 8-arg form)", 117, [(4, 3, 7)],
                  pshape_kind="1C", overload=True, unbiased=False)
    function_case("fn_ov_noaffine_4d", "overload, gamma/beta null (no affine)", 118, [(4, 3, 5, 6)],
                  pshape_kind="1C", overload=True, unbiased=True, affine=False)
    function_case("fn_ov_nostats_2d", "overload, moving stats null: batch stats in training and inference", 119,
                  [(8, 5)], overload=True, unbiased=True, moving=False)
    function_case("fn_ov_noaffine_nostats_4d", "overload, no affine and no running stats", 120, [(4, 3, 5, 6)],
                  pshape_kind="1C", overload=True, unbiased=False, affine=False, moving=False)
    function_case("fn_ov_min_unbiased_2d", "overload, smallest batch (2,C), unbiased (n/(n-1) = 2)", 121, [(2, 4)],
                  overload=True, unbiased=True)

    # ---- block level: ScratchBatchNorm options ----
    block_case("blk_default_4d", "defaults (momentum 0.9, biased running var, eps 1e-5): 4 training steps + inference",
               201, [(3, 3, 4, 4), (3, 3, 4, 4), (2, 3, 4, 4), (3, 3, 4, 4)])
    block_case("blk_default_2d", "defaults, 2-D (8,5): 2 training steps + inference", 202, [(8, 5), (8, 5)])
    block_case("blk_default_3d", "defaults, 3-D (4,3,7): 2 training steps + inference", 203, [(4, 3, 7), (4, 3, 7)])
    block_case("blk_default_init_4d", "defaults and the block's own initial gamma=1, beta=0", 204,
               [(3, 3, 4, 4), (3, 3, 4, 4)], set_params=False)
    block_case("blk_unbiased_4d", "optUnbiasedRunningVariance(true) == nn.BatchNorm2d(momentum=0.1)", 205,
               [(3, 3, 4, 4), (3, 3, 4, 4), (3, 3, 4, 4)], unbiased=True)
    block_case("blk_unbiased_2d", "optUnbiasedRunningVariance(true) == nn.BatchNorm1d, 2-D", 206,
               [(8, 5), (8, 5), (8, 5)], unbiased=True)
    block_case("blk_unbiased_3d", "optUnbiasedRunningVariance(true) == nn.BatchNorm1d, 3-D", 207,
               [(4, 3, 7), (4, 3, 7)], unbiased=True)
    block_case("blk_cumulative_unbiased_4d", "optCumulativeAverage()+unbiased == nn.BatchNorm2d(momentum=None)", 208,
               [(3, 3, 4, 4), (3, 3, 4, 4), (2, 3, 4, 4), (3, 3, 4, 4)], unbiased=True, cumulative=True)
    block_case("blk_cumulative_biased_2d", "optCumulativeAverage() with the biased variance (formula)", 209,
               [(8, 5), (8, 5), (8, 5)], unbiased=False, cumulative=True)
    block_case("blk_noaffine_4d", "optAffine(false) == nn.BatchNorm2d(affine=False)", 210,
               [(3, 3, 4, 4), (3, 3, 4, 4)], unbiased=True, affine=False)
    block_case("blk_noaffine_biased_2d", "optAffine(false), biased running var (formula)", 211,
               [(8, 5), (8, 5)], affine=False)
    block_case("blk_notrack_4d", "optTrackRunningStatistics(false) == nn.BatchNorm2d(track_running_stats=False): "
               "batch stats in eval too", 212, [(3, 3, 4, 4), (3, 3, 4, 4)], unbiased=True, track=False)
    block_case("blk_notrack_2d", "optTrackRunningStatistics(false), 2-D", 213, [(8, 5)], unbiased=True, track=False,
               infer_steps=2)
    block_case("blk_eps0.1_3d", "optEpsilon(0.1) == nn.BatchNorm1d(eps=0.1), small-variance data so eps matters",
               214, [(4, 3, 7), (4, 3, 7)], eps=0.1, unbiased=True, scale=0.2)
    block_case("blk_eps1e-3_biased_4d", "optEpsilon(1e-3), biased running var", 215, [(3, 3, 4, 4)], eps=1e-3,
               scale=0.1)
    block_case("blk_momentum0.7_4d", "optMomentum(0.7) == nn.BatchNorm2d(momentum=0.3)", 216,
               [(3, 3, 4, 4), (3, 3, 4, 4), (3, 3, 4, 4)], momentum=0.7, unbiased=True)
    block_case("blk_momentum0.5_biased_2d", "optMomentum(0.5), biased running var (formula)", 217,
               [(8, 5), (8, 5), (8, 5)], momentum=0.5)
    block_case("blk_min_2d", "smallest 2-D batch (2,C), unbiased", 218, [(2, 4), (2, 4)], unbiased=True)
    block_case("blk_min_4d", "smallest 4-D batch (1,C,1,2), unbiased", 219, [(1, 3, 1, 2), (1, 3, 1, 2)],
               unbiased=True)
    block_case("blk_min_3d", "smallest 3-D batch (1,C,2), defaults", 220, [(1, 3, 2), (1, 3, 2)])
    block_case("blk_offset_4d_sigma0.01", "large offset +-1000, std 0.01, unbiased, 2 steps + inference", 221,
               [(3, 3, 4, 4), (3, 3, 4, 4)], unbiased=True, offset=1000.0, scale=0.01, signs=signs)
    block_case("blk_offset_2d_sigma1", "large offset +-1000, std 1, defaults", 222, [(32, 4), (32, 4)],
               offset=1000.0, scale=1.0, signs=signs)


# ---------------------------------------------------------------------------------------------
# Lite batch norm (D2L 5.10 exercise 4): mean-only y = x - mu + beta, variance-only
# y = gamma * x / sqrt(var + eps), written as plain torch ops (no nn module computes them).
# Written to lite_golden.json; replayed by LiteNormGoldenTest through LiteNormOps and LiteNorm.

LITE_CASES = []


def lite_step(kind, x, param, moving, training, eps, m, r):
    """Returns y, new moving statistic, (dx, dparam) for one step, in float64."""
    dims = red_dims(x)
    shp = [1, x.shape[1]] + [1] * (x.dim() - 2)
    x = x.clone().requires_grad_(r is not None)
    p = param.clone().requires_grad_(r is not None) if param is not None else None
    use_batch = training or moving is None
    if kind == "mean":
        stat = x.mean(dims, keepdim=True) if use_batch else moving.view(shp)
        y = x - stat
        if p is not None:
            y = y + p.view(shp)
    else:
        if use_batch:
            mu = x.mean(dims, keepdim=True)
            stat = ((x - mu) ** 2).mean(dims, keepdim=True)
            # the biased variance, as torch computes it itself
            assert torch.allclose(stat.reshape(-1), x.var(dims, unbiased=False), rtol=1e-12, atol=1e-12)
        else:
            stat = moving.view(shp)
        y = x / torch.sqrt(stat + eps)
        if p is not None:
            y = y * p.view(shp)
    new_moving = moving
    if training and moving is not None:
        new_moving = m * moving + (1.0 - m) * stat.detach().reshape(moving.shape)
    grads = (None, None)
    if r is not None:
        (y * r).sum().backward()
        grads = (x.grad, p.grad if p is not None else None)
    return y.detach(), new_moving, grads


def lite_case(name, level, kind, desc, seed, shapes_training, eps=1e-5, momentum=0.9, affine=True,
              moving=True, set_params=True, offset=0.0, infer_steps=1):
    """level "function": LiteNormOps with given param and moving init; "block": LiteNorm, which
    starts from its own moving statistic (0 for the mean, 1 for the variance)."""
    gen = torch.Generator().manual_seed(seed)
    C = shapes_training[0][1]
    gamma, beta = rand_params(gen, C, [C])
    default = torch.zeros(C) if kind == "mean" else torch.ones(C)
    if not affine:
        param = None
    elif set_params:
        param = beta if kind == "mean" else gamma
    else:
        param = torch.zeros(C) if kind == "mean" else torch.ones(C)
    if not moving:
        mov = None
    elif level == "function":
        mov = f32(torch.randn(C, generator=gen) * 0.5) if kind == "mean" else f32(0.5 + torch.rand(C, generator=gen))
    else:
        mov = default
    moving_init = mov
    eps_f, m_f = f32s(eps), f32s(momentum)
    steps = []
    plan = [(s, True) for s in shapes_training] + [(shapes_training[-1], False)] * infer_steps
    for i, (shape, training) in enumerate(plan):
        x = rand_x(gen, shape, offset + (0.3 * i if training else 0.0), 1.0)
        r = f32(torch.randn(shape, generator=gen)) if training else None
        y, mov, (dx, dp) = lite_step(kind, x, param, mov, training, eps_f, m_f, r)
        step = {"training": training, "x": enc(x), "y": enc(y), "moving": enc(mov)}
        if r is not None:
            step.update({"r": enc(r), "dx": enc(dx), "dparam": enc(dp)})
        steps.append(step)
    LITE_CASES.append({
        "name": name, "level": level, "kind": kind, "description": desc,
        "eps": eps, "momentum": momentum, "affine": affine, "moving_kept": moving,
        "set_params": bool(affine and set_params),
        "param": enc(param) if (affine and set_params) else None,
        "moving_init": enc(moving_init) if level == "function" else None,
        "steps": steps,
    })


def build_lite():
    for kind, base in (("mean", 300), ("variance", 400)):
        k = kind
        lite_case("fn_%s_2d" % k, "function", k, "2-D (8,5): train + grads, then inference", base + 1, [(8, 5)])
        lite_case("fn_%s_3d" % k, "function", k, "3-D (4,3,7)", base + 2, [(4, 3, 7)])
        lite_case("fn_%s_4d" % k, "function", k, "4-D (4,3,5,6)", base + 3, [(4, 3, 5, 6)])
        lite_case("fn_%s_min_4d" % k, "function", k, "smallest 4-D batch (1,C,1,2)", base + 4, [(1, 3, 1, 2)])
        lite_case("fn_%s_offset_2d" % k, "function", k,
                  "data centred near 3: variance-only keeps the mean, mean-only removes it", base + 5,
                  [(16, 4)], offset=3.0)
        lite_case("fn_%s_multistep_4d_m0.8_eps1e-3" % k, "function", k,
                  "3 training steps, momentum 0.8, eps 1e-3, then inference", base + 6,
                  [(4, 3, 3, 4), (2, 3, 3, 4), (4, 3, 3, 4)], eps=1e-3, momentum=0.8)
        lite_case("fn_%s_noaffine_4d" % k, "function", k, "no beta/gamma (fixed at 0/1)", base + 7,
                  [(4, 3, 5, 6)], affine=False)
        lite_case("fn_%s_nomoving_2d" % k, "function", k, "no moving statistic: batch statistic in inference too",
                  base + 8, [(8, 5)], moving=False, infer_steps=2)
        lite_case("blk_%s_4d" % k, "block", k, "block defaults, 3 training steps + inference", base + 11,
                  [(3, 3, 4, 4), (3, 3, 4, 4), (2, 3, 4, 4)])
        lite_case("blk_%s_init_2d" % k, "block", k, "block's own initial beta/gamma", base + 12,
                  [(8, 5), (8, 5)], set_params=False)
        lite_case("blk_%s_noaffine_3d" % k, "block", k, "optAffine(false)", base + 13, [(4, 3, 7), (4, 3, 7)],
                  affine=False)
        lite_case("blk_%s_m0.7_eps0.1_4d" % k, "block", k, "optMomentum(0.7), optEpsilon(0.1)", base + 14,
                  [(3, 3, 4, 4), (3, 3, 4, 4)], eps=0.1, momentum=0.7)


# Group normalization (layer norm is groups = 1, instance norm groups = C): torch's own
# F.group_norm in float64. Written to group_golden.json; replayed by GroupNormGoldenTest.

GROUP_CASES = []


def group_case(name, desc, seed, shape, groups, eps=1e-5, affine=True, offset=0.0):
    gen = torch.Generator().manual_seed(seed)
    C = shape[1]
    gamma, beta = rand_params(gen, C, [C])
    x = rand_x(gen, shape, offset, 1.0)
    r = f32(torch.randn(shape, generator=gen))
    xg = x.clone().requires_grad_(True)
    g = gamma.clone().requires_grad_(True) if affine else None
    b = beta.clone().requires_grad_(True) if affine else None
    y = F.group_norm(xg, groups, g, b, f32s(eps))
    (y * r).sum().backward()
    GROUP_CASES.append({
        "name": name, "description": desc, "groups": groups, "eps": eps, "affine": affine,
        "x": enc(x), "gamma": enc(gamma) if affine else None, "beta": enc(beta) if affine else None,
        "r": enc(r), "y": enc(y), "dx": enc(xg.grad),
        "dgamma": enc(g.grad) if affine else None, "dbeta": enc(b.grad) if affine else None,
    })


def build_group():
    group_case("group_2d_g2", "2-D (8,6), 2 groups", 501, (8, 6), 2)
    group_case("layer_2d", "2-D (8,6), 1 group: layer norm", 502, (8, 6), 1)
    group_case("instance_3d", "3-D (4,6,7), 6 groups: instance norm", 503, (4, 6, 7), 6)
    group_case("group_4d_g3", "4-D (3,6,5,4), 3 groups", 504, (3, 6, 5, 4), 3)
    group_case("layer_4d", "4-D (2,16,4,4), 1 group", 505, (2, 16, 4, 4), 1)
    group_case("group_4d_one_example", "4-D (1,4,3,3), batch of one", 506, (1, 4, 3, 3), 2)
    group_case("group_4d_noaffine", "4-D (3,6,5,4), no gamma/beta", 507, (3, 6, 5, 4), 2, affine=False)
    group_case("group_4d_offset_eps1e-3", "mean 30 from zero, eps 1e-3", 508, (3, 6, 5, 4), 3,
               eps=1e-3, offset=30.0)


# Batch renormalization (Ioffe 2017, Algorithm 1), plain torch ops in float64, r and d detached.
# Written to renorm_golden.json; replayed by BatchRenormGoldenTest.

RENORM_CASES = []


def renorm_step(x, gamma, beta, mm, mv, training, eps, m, rmax, dmax, r):
    dims = red_dims(x)
    shp = [1, x.shape[1]] + [1] * (x.dim() - 2)
    x = x.clone().requires_grad_(r is not None)
    g = gamma.clone().requires_grad_(r is not None)
    b = beta.clone().requires_grad_(r is not None)
    if training:
        mu = x.mean(dims, keepdim=True)
        var = ((x - mu) ** 2).mean(dims, keepdim=True)
        sb = torch.sqrt(var + eps)
        s = torch.sqrt(mv.view(shp) + eps)
        rr = (sb / s).detach().clamp(f32s(1.0 / rmax), rmax)
        dd = ((mu - mm.view(shp)) / s).detach().clamp(-dmax, dmax)
        xhat = (x - mu) / sb * rr + dd
        new_mm = m * mm + (1.0 - m) * mu.detach().reshape(-1)
        new_mv = m * mv + (1.0 - m) * var.detach().reshape(-1)
    else:
        xhat = (x - mm.view(shp)) / torch.sqrt(mv.view(shp) + eps)
        new_mm, new_mv = mm, mv
    y = xhat * g.view(shp) + b.view(shp)
    grads = (None, None, None)
    if r is not None:
        (y * r).sum().backward()
        grads = (x.grad, g.grad, b.grad)
    return y.detach(), new_mm, new_mv, grads


def renorm_case(name, desc, seed, shape, rmax, dmax, steps=2, eps=1e-5, momentum=0.9):
    gen = torch.Generator().manual_seed(seed)
    C = shape[1]
    gamma, beta = rand_params(gen, C, [C])
    # moving statistics far enough from the batches' for r and d to be clipped in some channels
    mm = f32(torch.randn(C, generator=gen) * 0.8)
    mv = f32(0.2 + 3.0 * torch.rand(C, generator=gen))
    init = (mm, mv)
    eps_f, m_f = f32s(eps), f32s(momentum)
    out = []
    for i, training in enumerate([True] * steps + [False]):
        x = rand_x(gen, shape, 0.3 * i, 1.0)
        r = f32(torch.randn(shape, generator=gen)) if training else None
        y, mm, mv, (dx, dg, db) = renorm_step(x, gamma, beta, mm, mv, training, eps_f, m_f, rmax, dmax, r)
        step = {"training": training, "x": enc(x), "y": enc(y), "moving_mean": enc(mm), "moving_var": enc(mv)}
        if r is not None:
            step.update({"r": enc(r), "dx": enc(dx), "dgamma": enc(dg), "dbeta": enc(db)})
        out.append(step)
    RENORM_CASES.append({
        "name": name, "description": desc, "rmax": rmax, "dmax": dmax, "eps": eps, "momentum": momentum,
        "gamma": enc(gamma), "beta": enc(beta), "moving_mean_init": enc(init[0]),
        "moving_var_init": enc(init[1]), "steps": out,
    })


def build_renorm():
    renorm_case("renorm_2d_clipped", "2-D (8,5), r_max 1.5, d_max 0.5: clipped", 601, (8, 5), 1.5, 0.5)
    renorm_case("renorm_4d_clipped", "4-D (4,3,5,6), r_max 1.5, d_max 0.5", 602, (4, 3, 5, 6), 1.5, 0.5)
    renorm_case("renorm_4d_wide", "4-D (4,3,5,6), r_max 3, d_max 5: mostly not clipped", 603,
                (4, 3, 5, 6), 3.0, 5.0)
    renorm_case("renorm_3d_as_bn", "3-D (4,3,7), r_max 1, d_max 0: batch norm", 604, (4, 3, 7), 1.0, 0.0)
    renorm_case("renorm_4d_small_batch", "4-D (2,3,2,2), r_max 2, d_max 1", 605, (2, 3, 2, 2), 2.0, 1.0,
                steps=3, momentum=0.7)


def write_json(out_dir, file, meta, cases):
    path = os.path.join(out_dir, file)
    with open(path, "w") as fh:
        json.dump({"meta": meta, "cases": cases}, fh, separators=(",", ":"))
        fh.write("\n")
    print("wrote %s: %d cases, %d bytes" % (path, len(cases), os.path.getsize(path)))


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    out_dir = sys.argv[1]
    torch.manual_seed(0)
    build()
    os.makedirs(out_dir, exist_ok=True)
    meta = {"generator": "src/test/python/make_golden.py",
            "regenerate": "/usr/bin/python3 src/test/python/make_golden.py src/test/resources/bnlab/golden",
            "torch_version": torch.__version__,
            "reference_dtype": "float64 (inputs rounded to float32-representable values)",
            "momentum_convention": "ours m = weight of the OLD value; PyTorch p = 1 - m"}
    write_json(out_dir, "bn_golden.json", meta, CASES)
    build_lite()
    write_json(out_dir, "lite_golden.json",
               dict(meta, reference="mean-only y = x - mu + beta, variance-only "
                    "y = gamma * x / sqrt(var + eps) (biased batch variance), plain torch ops; "
                    "moving = m*moving + (1-m)*batch_stat"), LITE_CASES)
    build_group()
    write_json(out_dir, "group_golden.json",
               dict(meta, reference="torch.nn.functional.group_norm in float64"), GROUP_CASES)
    build_renorm()
    write_json(out_dir, "renorm_golden.json",
               dict(meta, reference="batch renormalization (Ioffe 2017, Algorithm 1), plain torch "
                    "ops, r and d detached; moving = m*moving + (1-m)*batch_stat"), RENORM_CASES)


if __name__ == "__main__":
    main()
