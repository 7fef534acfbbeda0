#!/usr/bin/python3
"""The chapter's network in PyTorch, with the seed's bugs fixed: the reference bnlab is timed against.

Fixes relative to the seed (D2L 5.10, PyTorch edition): `keepdim` instead of `keep_dim`; channel
statistics over dims (0, 2, 3); training on the 60,000 training images, not the test split; moving
variance starting at 1. Run with Debian's /usr/bin/python3 (python3-torch 1.13); it is never a runtime
dependency of bnlab.

PyTorch's matrix products run on OpenBLAS with a kernel matched to the CPU (bench/torch_blas.py:
OPENBLAS_CORETYPE is set unless it already is); every mode refuses to run on any other BLAS, which
would make the comparison one of BLAS libraries. With --threads, OpenBLAS gets the same count.

--loader indexed (the default) gathers bnlab's batches from a float copy of the split, so both see
the same batches; --loader dataloader is the seed's own data path, torchvision's FashionMNIST items
(a PIL image through ToTensor) batched by a shuffling DataLoader, as a reader of the chapter runs it.

  /usr/bin/python3 bench/pytorch_reference.py train [--variant scratch|concise] [--epochs 5] \
      [--loader dataloader]
  /usr/bin/python3 bench/pytorch_reference.py bench --variant concise --warmup 20 --steps 100
  /usr/bin/python3 bench/pytorch_reference.py profile --variant concise --steps 20 --threads 2 \
      --against bnlab-trace.json    # beside `./bnlab bench --profile bnlab-trace.json --steps 20`
"""
import argparse
import gzip
import json
import math
import os
import resource
import statistics
import sys
import time

import torch_blas

BLAS_SOURCE = torch_blas.configure()  # before numpy or torch loads OpenBLAS

import numpy as np  # noqa: E402
torch = torch_blas.import_torch()
from torch import nn  # noqa: E402

DATA_DIR = os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist")


def read_idx(name):
    with gzip.open(os.path.join(DATA_DIR, name), "rb") as f:
        data = f.read()
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(rank)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims)


def load(split):
    prefix = "train" if split == "train" else "t10k"
    images = read_idx(f"{prefix}-images-idx3-ubyte.gz")
    labels = read_idx(f"{prefix}-labels-idx1-ubyte.gz")
    x = torch.from_numpy(images.copy()).float().div_(255).unsqueeze(1)
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y


class SeedFashionMnist(torch.utils.data.Dataset):
    """The seed's data path: the items of torchvision.datasets.FashionMNIST (each image a PIL image
    through transforms.ToTensor()), read from the installed files instead of a download."""

    def __init__(self, split):
        try:
            from PIL import Image
            from torchvision import transforms
        except ImportError as e:
            torch_blas.die(f"--loader dataloader needs torchvision ({e}): {torch_blas.INSTALL_TORCH}")
        prefix = "train" if split == "train" else "t10k"
        self.images = read_idx(f"{prefix}-images-idx3-ubyte.gz")
        self.labels = read_idx(f"{prefix}-labels-idx1-ubyte.gz")
        self.image = Image.fromarray
        self.to_tensor = transforms.ToTensor()

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        return self.to_tensor(self.image(self.images[i], mode="L")), int(self.labels[i])


def seed_loader(split, batch_size):
    """The seed's `torch.utils.data.DataLoader(data, batch_size, shuffle=True)` (a new shuffle on
    every pass, one process, as the seed runs it)."""
    return torch.utils.data.DataLoader(SeedFashionMnist(split), batch_size, shuffle=True)


def resident_mib():
    """(current, peak) resident memory of this process in MiB, from /proc/self/status."""
    values = {}
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                values[line.split(":")[0]] = int(line.split()[1]) / 1024
    return values.get("VmRSS", float("nan")), values.get("VmHWM", float("nan"))


def batch_norm(is_training, X, gamma, beta, moving_mean, moving_var, eps, momentum):
    if not is_training:
        X_hat = (X - moving_mean) / torch.sqrt(moving_var + eps)
    else:
        if X.dim() == 2:
            mean = X.mean(dim=0)
            var = ((X - mean) ** 2).mean(dim=0)
        else:
            mean = X.mean(dim=(0, 2, 3), keepdim=True)
            var = ((X - mean) ** 2).mean(dim=(0, 2, 3), keepdim=True)
        X_hat = (X - mean) / torch.sqrt(var + eps)
        moving_mean = momentum * moving_mean + (1.0 - momentum) * mean.detach()
        moving_var = momentum * moving_var + (1.0 - momentum) * var.detach()
    return gamma * X_hat + beta, moving_mean, moving_var


class BatchNorm(nn.Module):
    def __init__(self, num_features, num_dims):
        super().__init__()
        shape = (1, num_features) if num_dims == 2 else (1, num_features, 1, 1)
        self.gamma = nn.Parameter(torch.ones(shape))
        self.beta = nn.Parameter(torch.zeros(shape))
        self.register_buffer("moving_mean", torch.zeros(shape))
        self.register_buffer("moving_var", torch.ones(shape))

    def forward(self, X):
        Y, self.moving_mean, self.moving_var = batch_norm(
            self.training, X, self.gamma, self.beta, self.moving_mean, self.moving_var,
            eps=1e-5, momentum=0.9)
        return Y


def lenet(variant):
    def bn(c, dims):
        if variant == "scratch":
            return BatchNorm(c, dims)
        if variant == "concise":
            return nn.BatchNorm2d(c) if dims == 4 else nn.BatchNorm1d(c)
        return nn.Identity()

    return nn.Sequential(
        nn.Conv2d(1, 6, 5), bn(6, 4), nn.Sigmoid(), nn.MaxPool2d(2, 2),
        nn.Conv2d(6, 16, 5), bn(16, 4), nn.Sigmoid(), nn.MaxPool2d(2, 2),
        nn.Flatten(),
        nn.Linear(256, 120), bn(120, 2), nn.Sigmoid(),
        nn.Linear(120, 84), bn(84, 2), nn.Sigmoid(),
        nn.Linear(84, 10))


class JavaRandom:
    """java.util.Random, so that this script sees exactly the batches bnlab's shuffle gives."""

    def __init__(self, seed):
        self.seed = (seed ^ 0x5DEECE66D) & ((1 << 48) - 1)

    def next(self, bits):
        self.seed = (self.seed * 0x5DEECE66D + 0xB) & ((1 << 48) - 1)
        r = self.seed >> (48 - bits)
        return r - (1 << 32) if r >= 1 << 31 else r  # Java's (int) cast

    def next_int(self, bound):
        r = self.next(31)
        m = bound - 1
        if bound & m == 0:
            return (bound * r) >> 31
        u = r
        while True:
            r = u % bound
            if u - r + m < (1 << 31):
                return r
            u = self.next(31)


def bnlab_order(n, seed, epoch):
    """The permutation of bnlab's ClassifierTrainer.shuffledIndices(n, seed, epoch)."""
    java_seed = (seed * 1_000_003 + epoch) & ((1 << 64) - 1)
    rnd = JavaRandom(java_seed)
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = rnd.next_int(i + 1)
        order[i], order[j] = order[j], order[i]
    return torch.tensor(order)


def step(net, optimizer, loss_fn, X, y):
    optimizer.zero_grad()
    logits = net(X)
    loss = loss_fn(logits, y)
    loss.backward()
    optimizer.step()
    return loss, logits


def evaluate(net, batches):
    net.eval()
    correct, n = 0, 0
    with torch.no_grad():
        for X, y in batches:
            correct += (net(X).argmax(1) == y).sum().item()
            n += len(y)
    net.train()
    return correct / n


def train(args):
    """The chapter's 5 epochs (train_ch5's loop: loss and accuracy read per batch, test accuracy
    after each epoch), on bnlab's batches or, with --loader dataloader, the seed's DataLoader."""
    torch.manual_seed(args.seed)
    if args.loader == "dataloader":
        train_loader, test_loader = seed_loader("train", args.batch_size), seed_loader("test", args.batch_size)
        epoch_batches = lambda epoch: train_loader  # noqa: E731 (each pass reshuffles)
        test_batches = lambda: test_loader  # noqa: E731
    else:
        Xtr, ytr = load("train")
        Xte, yte = load("test")

        def epoch_batches(epoch):
            perm = torch.randperm(len(ytr))
            for i in range(0, len(ytr), args.batch_size):
                idx = perm[i:i + args.batch_size]
                yield Xtr[idx], ytr[idx]

        def test_batches():
            for i in range(0, len(yte), args.batch_size):
                yield Xte[i:i + args.batch_size], yte[i:i + args.batch_size]
    net = lenet(args.variant)
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()
    print("training on cpu, torch", torch.__version__, "threads", torch.get_num_threads(),
          "loader", args.loader)
    print(torch_blas.describe(args.blas))
    for epoch in range(1, args.epochs + 1):
        start = time.time()
        loss_sum, correct, n, batches = 0.0, 0, 0, 0
        for X, y in epoch_batches(epoch):
            loss, logits = step(net, optimizer, loss_fn, X, y)
            loss_sum += loss.item()
            correct += (logits.argmax(1) == y).sum().item()
            n += len(y)
            batches += 1
        test_acc = evaluate(net, test_batches())
        print(f"epoch {epoch}, loss {loss_sum / batches:.4f}, train acc {correct / n:.3f}, "
              f"test acc {test_acc:.3f}, time {time.time() - start:.1f} sec", flush=True)


def step_runner(args):
    """A fresh network and optimizer, and a function running training step s: on bnlab's batch s,
    or (--loader dataloader) on the next batch of the seed's DataLoader, fetching it included."""
    torch.manual_seed(args.seed)
    net = lenet(args.variant)
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()
    if args.loader == "dataloader":
        loader = seed_loader("train", args.batch_size)
        batches = iter(loader)

        def run(s):
            nonlocal batches
            try:
                X, y = next(batches)
            except StopIteration:
                batches = iter(loader)
                X, y = next(batches)
            loss, _ = step(net, optimizer, loss_fn, X, y)
            loss.item()

        return net, run
    Xtr, ytr = load("train")
    perm = bnlab_order(len(ytr), args.seed, 1)
    per_epoch = len(ytr) // args.batch_size

    def run(s):
        i = (s % per_epoch) * args.batch_size
        idx = perm[i:i + args.batch_size]
        loss, _ = step(net, optimizer, loss_fn, Xtr[idx], ytr[idx])
        loss.item()

    return net, run


def bench(args):
    """Times W warm-up then N training steps on real batches; prints one JSON line."""
    net, run = step_runner(args)
    Xte, _ = load("test")
    times = []
    for s in range(args.warmup + args.steps):
        t0 = time.perf_counter()
        run(s)
        t1 = time.perf_counter()
        if s >= args.warmup:
            times.append((t1 - t0) * 1000)
    rss, peak = resident_mib()
    net.eval()
    infer = []
    with torch.no_grad():
        test_batches = len(Xte) // args.batch_size
        for s in range(args.warmup + min(args.steps, test_batches)):
            i = (s % test_batches) * args.batch_size
            t0 = time.perf_counter()
            net(Xte[i:i + args.batch_size]).argmax(1).sum().item()
            if s >= args.warmup:
                infer.append((time.perf_counter() - t0) * 1000)
    step_ms = statistics.median(times)
    p90_ms = sorted(times)[max(0, math.ceil(0.9 * len(times)) - 1)]  # nearest rank, as bnlab's
    print(json.dumps({"variant": args.variant, "loader": args.loader, "batchSize": args.batch_size,
                      "warmup": args.warmup, "steps": args.steps, "trainStepMedianMs": step_ms,
                      "trainStepP90Ms": p90_ms,
                      "trainImagesPerSecond": args.batch_size * 1000 / step_ms,
                      "inferenceBatchMedianMs": statistics.median(infer),
                      "residentMiB": rss, "peakResidentMiB": peak,
                      "threads": torch.get_num_threads(), "torch": torch.__version__,
                      "blas": args.blas}))


def op_self_times(trace_path, steps):
    """{operator: (calls, self ms, total ms)} per step of a Chrome trace, self time being an event's
    duration minus that of the events nested in it on its thread (as bnlab's OpProfile computes it)."""
    with open(trace_path) as f:
        doc = json.load(f)
    events = doc["traceEvents"] if isinstance(doc, dict) else doc
    by_thread = {}
    for e in events:
        if isinstance(e, dict) and e.get("ph") == "X" and "dur" in e:
            by_thread.setdefault(e.get("tid"), []).append(dict(e, self=float(e["dur"])))
    stats = {}
    for thread in by_thread.values():
        thread.sort(key=lambda e: (float(e["ts"]), -float(e["dur"])))
        stack = []
        for e in thread:
            while stack and float(stack[-1]["ts"]) + float(stack[-1]["dur"]) <= float(e["ts"]):
                stack.pop()
            if stack:
                stack[-1]["self"] -= float(e["dur"])
            stack.append(e)
        for e in thread:
            calls, self_us, total_us = stats.get(e["name"], (0, 0.0, 0.0))
            stats[e["name"]] = (calls + 1, self_us + max(0.0, e["self"]), total_us + float(e["dur"]))
    return {n: (c / steps, s / 1000 / steps, t / 1000 / steps) for n, (c, s, t) in stats.items()}


def profile(args):
    """Profiles N training steps after W warm-up ones with torch.profiler; writes the Chrome trace to
    --trace and prints self ms per step per operator, beside bnlab's from --against (a trace of
    `bnlab bench --profile` over the same number of steps) when given."""
    from torch.profiler import ProfilerActivity, profile as torch_profile
    _, run = step_runner(args)
    for s in range(args.warmup):
        run(s)
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    with torch_profile(activities=[ProfilerActivity.CPU]) as prof:
        for s in range(args.warmup, args.warmup + args.steps):
            run(s)
    faults = (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults) / args.steps
    prof.export_chrome_trace(args.trace)
    ours = op_self_times(args.trace, args.steps)
    theirs = op_self_times(args.against, args.steps) if args.against else {}
    names = sorted(set(ours) | set(theirs), key=lambda n: -max(ours.get(n, (0, 0, 0))[1],
                                                                theirs.get(n, (0, 0, 0))[1]))
    print(f"{args.variant}, batch {args.batch_size}, {args.steps} profiled steps after {args.warmup}, "
          f"PyTorch {torch.__version__} at {torch.get_num_threads()} thread(s), {faults:.0f} page faults "
          f"per step; self ms per step")
    print(torch_blas.describe(args.blas))
    print(f"{'operator':48} {'PyTorch':>9} {'calls':>6}" + (f" {'bnlab':>9} {'calls':>6}" if theirs else ""))
    for n in names[:args.top]:
        pc, ps, _ = ours.get(n, (0, 0.0, 0.0))
        line = f"{n[:48]:48} {ps:9.3f} {pc:6.1f}"
        if theirs:
            bc, bs, _ = theirs.get(n, (0, 0.0, 0.0))
            line += f" {bs:9.3f} {bc:6.1f}"
        print(line)
    total = f"{'all operators':48} {sum(v[1] for v in ours.values()):9.3f} {'':6}"
    if theirs:
        total += f" {sum(v[1] for v in theirs.values()):9.3f}"
    print(total)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["train", "bench", "profile"])
    p.add_argument("--variant", choices=["scratch", "concise", "plain"], default="scratch")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--lr", type=float, default=0.001)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--threads", type=int, default=0,
                   help="intra-op and OpenBLAS threads (default: each library's own choice)")
    p.add_argument("--loader", choices=["indexed", "dataloader"], default="indexed",
                   help="train, bench: bnlab's batches from a float copy of the split, or the seed's"
                        " DataLoader over torchvision-style items")
    p.add_argument("--trace", default="pytorch-trace.json", help="profile: Chrome trace written here")
    p.add_argument("--against", help="profile: a `bnlab bench --profile` trace to list beside")
    p.add_argument("--top", type=int, default=15, help="profile: operators listed")
    args = p.parse_args()
    if args.loader == "dataloader" and args.mode == "profile":
        p.error("profile times bnlab's batches only: drop --loader dataloader")
    args.blas = torch_blas.blas_info(torch, BLAS_SOURCE)
    torch_blas.require_openblas(args.blas)
    if args.threads > 0:
        torch.set_num_threads(args.threads)
        torch_blas.set_blas_threads(args.blas, args.threads)
    {"train": train, "bench": bench, "profile": profile}[args.mode](args)


if __name__ == "__main__":
    sys.exit(main())
