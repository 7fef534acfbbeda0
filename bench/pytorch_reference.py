#!/usr/bin/python3
"""The chapter's network in PyTorch, with the seed's bugs fixed: the reference bnlab is timed against.

Fixes relative to the seed (D2L 5.10, PyTorch edition): `keepdim` instead of `keep_dim`; channel
statistics over dims (0, 2, 3); training on the 60,000 training images, not the test split; moving
variance starting at 1. Run with Debian's /usr/bin/python3 (python3-torch 1.13); it is never a runtime
dependency of bnlab.

  /usr/bin/python3 bench/pytorch_reference.py train [--variant scratch|concise] [--epochs 5]
  /usr/bin/python3 bench/pytorch_reference.py bench --variant concise --warmup 20 --steps 100
"""
import argparse
import gzip
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn

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


def evaluate(net, X, y, batch_size):
    net.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(y), batch_size):
            correct += (net(X[i:i + batch_size]).argmax(1) == y[i:i + batch_size]).sum().item()
    net.train()
    return correct / len(y)


def train(args):
    torch.manual_seed(args.seed)
    Xtr, ytr = load("train")
    Xte, yte = load("test")
    net = lenet(args.variant)
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()
    print("training on cpu, torch", torch.__version__, "threads", torch.get_num_threads())
    for epoch in range(1, args.epochs + 1):
        start = time.time()
        perm = torch.randperm(len(ytr))
        loss_sum, correct, n, batches = 0.0, 0, 0, 0
        for i in range(0, len(ytr), args.batch_size):
            idx = perm[i:i + args.batch_size]
            loss, logits = step(net, optimizer, loss_fn, Xtr[idx], ytr[idx])
            loss_sum += loss.item()
            correct += (logits.argmax(1) == ytr[idx]).sum().item()
            n += len(idx)
            batches += 1
        test_acc = evaluate(net, Xte, yte, args.batch_size)
        print(f"epoch {epoch}, loss {loss_sum / batches:.4f}, train acc {correct / n:.3f}, "
              f"test acc {test_acc:.3f}, time {time.time() - start:.1f} sec", flush=True)


def bench(args):
    """Times W warm-up then N training steps on real batches; prints one JSON line."""
    torch.manual_seed(args.seed)
    Xtr, ytr = load("train")
    Xte, _ = load("test")
    net = lenet(args.variant)
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()
    perm = bnlab_order(len(ytr), args.seed, 1)
    per_epoch = len(ytr) // args.batch_size
    times = []
    for s in range(args.warmup + args.steps):
        i = (s % per_epoch) * args.batch_size
        idx = perm[i:i + args.batch_size]
        t0 = time.perf_counter()
        loss, logits = step(net, optimizer, loss_fn, Xtr[idx], ytr[idx])
        loss.item()
        t1 = time.perf_counter()
        if s >= args.warmup:
            times.append((t1 - t0) * 1000)
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
    print(json.dumps({"variant": args.variant, "trainStepMedianMs": statistics.median(times),
                      "inferenceBatchMedianMs": statistics.median(infer),
                      "threads": torch.get_num_threads(), "torch": torch.__version__}))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["train", "bench"])
    p.add_argument("--variant", choices=["scratch", "concise", "plain"], default="scratch")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--lr", type=float, default=0.001)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--threads", type=int, default=0,
                   help="intra-op threads (default: PyTorch's own choice, 1 on this machine)")
    args = p.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    train(args) if args.mode == "train" else bench(args)


if __name__ == "__main__":
    sys.exit(main())
