#!/usr/bin/env bash
# Times PyTorch (Debian's python3-torch, the seed's network with its bugs fixed) and bnlab on the
# same batches, alternating runs so both see the same machine load, and prints for each variant the
# ratio PyTorch time / bnlab time per round and the median over rounds: once with PyTorch at its
# own default thread count (what the seed gets: 1 on this machine) and once at bnlab's count. A
# third PyTorch run at bnlab's count also gets the malloc settings the ./bnlab launcher gives bnlab,
# so the figures show how much of the ratio is the allocator and how much the rest. A fourth run is
# the seed's own loop (its DataLoader over torchvision-style items, PyTorch's default threads):
# what a reader of the chapter runs, labelled as such.
#
# PyTorch runs on OpenBLAS with a kernel matched to the CPU (bench/torch_blas.py sets
# OPENBLAS_CORETYPE unless it is set); the script prints which BLAS and kernel PyTorch loaded and an
# sgemm check, and refuses to report any ratio when PyTorch is on another BLAS (the reference one
# makes its linear layers ~25x slower). Needs python3-torch, python3-torchvision and
# libopenblas0-pthread; .ci/run needs none of them.
#
#   bench/compare-pytorch.sh                 # 3 rounds, scratch and concise, 20 warm-up + 100 steps
#   ROUNDS=5 VARIANTS="concise" THREADS=2 bench/compare-pytorch.sh
#   ROUNDS=1 WARMUP=1 STEPS=3 bench/compare-pytorch.sh    # a quick check that everything runs
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}
warmup=${WARMUP:-20}
steps=${STEPS:-100}
threads=${THREADS:-$(nproc)}
variants=${VARIANTS:-"scratch concise"}
malloc_tunables=$(sed -n 's/^malloc_tunables=//p' bnlab)   # the launcher's, defined once there
source bench/common.sh
bench_setup compare-pytorch
echo "compare-pytorch: $(date -u +%Y-%m-%dT%H:%MZ), $cpu, $(nproc) cores, bnlab and PyTorch at $threads threads" \
     "(and PyTorch at its default), $rounds rounds of $warmup warm-up + $steps timed steps, batch 256"
# which BLAS and kernel PyTorch runs on, and a 1024^3 sgemm with that kernel and with OpenBLAS's own
# detection; exits (and so does this script) unless it is OpenBLAS
"$py" bench/torch_blas.py --sgemm --threads "$threads"
for round in $(seq 1 "$rounds"); do
  for v in $variants; do
    "$py" bench/pytorch_reference.py bench --variant "$v" --warmup "$warmup" --steps "$steps" \
      > "$work/torchdefault-$v-$round.json"
    "$py" bench/pytorch_reference.py bench --variant "$v" --warmup "$warmup" --steps "$steps" \
      --threads "$threads" > "$work/torch-$v-$round.json"
    GLIBC_TUNABLES="$malloc_tunables" "$py" bench/pytorch_reference.py bench --variant "$v" \
      --warmup "$warmup" --steps "$steps" --threads "$threads" > "$work/torchmalloc-$v-$round.json"
    "$py" bench/pytorch_reference.py bench --variant "$v" --warmup "$warmup" --steps "$steps" \
      --loader dataloader > "$work/torchseed-$v-$round.json"
    ./bnlab bench --variant "$v" --warmup "$warmup" --steps "$steps" --threads "$threads" \
      --json "$work/bnlab-$v-$round.json" > /dev/null
  done
done
"$py" - "$work" "$rounds" $variants <<'PY'
import json, statistics, sys
work, rounds, variants = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
print(f"{'variant':8} {'round':>5} {'bnlab ms':>9} {'pt ms':>7} {'ratio':>6} {'pt-dflt ms':>10} "
      f"{'ratio':>6} {'pt-malloc ms':>12} {'ratio':>6} {'seed-loop ms':>12} {'ratio':>6} "
      f"{'bnlab inf':>9} {'pt inf':>7} {'ratio':>6}")
medians = {}
for v in variants:
    ratios, dratios, mratios, sratios, iratios, steps, shares = [], [], [], [], [], [], []
    for r in range(1, rounds + 1):
        t = json.load(open(f"{work}/torch-{v}-{r}.json"))
        d = json.load(open(f"{work}/torchdefault-{v}-{r}.json"))
        m = json.load(open(f"{work}/torchmalloc-{v}-{r}.json"))
        seed = json.load(open(f"{work}/torchseed-{v}-{r}.json"))
        b = json.load(open(f"{work}/bnlab-{v}-{r}.json"))["results"][0]
        for run in (t, d, m, seed):  # pytorch_reference.py refuses any other BLAS; say so if not
            assert run["blas"]["openblas"], run["blas"]
        ratio = t["trainStepMedianMs"] / b["stepMedianMs"]
        dratio = d["trainStepMedianMs"] / b["stepMedianMs"]
        mratio = m["trainStepMedianMs"] / b["stepMedianMs"]
        sratio = seed["trainStepMedianMs"] / b["stepMedianMs"]
        iratio = t["inferenceBatchMedianMs"] / b["inferenceMedianMs"]
        ratios.append(ratio); dratios.append(dratio); mratios.append(mratio); sratios.append(sratio)
        iratios.append(iratio)
        steps.append(b["stepMedianMs"]); shares.append(b["dataMedianMs"] / b["stepMedianMs"])
        print(f"{v:8} {r:>5} {b['stepMedianMs']:>9.2f} {t['trainStepMedianMs']:>7.2f} {ratio:>6.2f} "
              f"{d['trainStepMedianMs']:>10.2f} {dratio:>6.2f} {m['trainStepMedianMs']:>12.2f} {mratio:>6.2f} "
              f"{seed['trainStepMedianMs']:>12.2f} {sratio:>6.2f} "
              f"{b['inferenceMedianMs']:>9.2f} {t['inferenceBatchMedianMs']:>7.2f} {iratio:>6.2f}")
    medians[v] = statistics.median(steps)
    print(f"{v:8} median PyTorch/bnlab training ratio: {statistics.median(ratios):.2f} at equal threads "
          f"(min {min(ratios):.2f}, max {max(ratios):.2f}), "
          f"{statistics.median(dratios):.2f} against PyTorch's default ({d['threads']} thread(s)), "
          f"{statistics.median(mratios):.2f} against PyTorch with bnlab's malloc settings, "
          f"{statistics.median(sratios):.2f} against the seed's DataLoader loop ({seed['threads']} thread(s)); "
          f"inference {statistics.median(iratios):.2f}; bnlab data share {statistics.median(shares):.1%}")
print(f"PyTorch's BLAS: {t['blas']['config']}, kernel {t['blas']['kernel']} ({t['blas']['coretype']})")
if "scratch" in medians and "concise" in medians:
    print(f"bnlab scratch step / concise step: {medians['scratch'] / medians['concise']:.2f}")
PY
