#!/usr/bin/env bash
# Times PyTorch (Debian's python3-torch, the seed's network with its bugs fixed) and bnlab on the
# same batches, alternating runs so both see the same machine load, and prints for each variant the
# ratio PyTorch time / bnlab time per round and the median over rounds: once with PyTorch at its
# own default thread count (what the seed gets: 1 on this machine) and once at bnlab's count. A
# third PyTorch run at bnlab's count also gets the malloc settings the ./bnlab launcher gives bnlab,
# so the figures show how much of the ratio is the allocator and how much the rest.
#
#   bench/compare-pytorch.sh                 # 3 rounds, scratch and concise, 20 warm-up + 100 steps
#   ROUNDS=5 VARIANTS="concise" THREADS=2 bench/compare-pytorch.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-3}
warmup=${WARMUP:-20}
steps=${STEPS:-100}
threads=${THREADS:-$(nproc)}
variants=${VARIANTS:-"scratch concise"}
py=/usr/bin/python3
malloc_tunables=$(sed -n 's/^malloc_tunables=//p' bnlab)   # the launcher's, defined once there
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

./bnlab --version >/dev/null   # builds the jar first, outside the timings
echo "compare-pytorch: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, bnlab and PyTorch at $threads threads" \
     "(and PyTorch at its default), $rounds rounds of $warmup warm-up + $steps timed steps, batch 256"
for round in $(seq 1 "$rounds"); do
  for v in $variants; do
    "$py" bench/pytorch_reference.py bench --variant "$v" --warmup "$warmup" --steps "$steps" \
      > "$work/torchdefault-$v-$round.json"
    "$py" bench/pytorch_reference.py bench --variant "$v" --warmup "$warmup" --steps "$steps" \
      --threads "$threads" > "$work/torch-$v-$round.json"
    GLIBC_TUNABLES="$malloc_tunables" "$py" bench/pytorch_reference.py bench --variant "$v" \
      --warmup "$warmup" --steps "$steps" --threads "$threads" > "$work/torchmalloc-$v-$round.json"
    ./bnlab bench --variant "$v" --warmup "$warmup" --steps "$steps" --threads "$threads" \
      --json "$work/bnlab-$v-$round.json" > /dev/null
  done
done
"$py" - "$work" "$rounds" $variants <<'PY'
import json, statistics, sys
work, rounds, variants = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
print(f"{'variant':8} {'round':>5} {'bnlab ms':>9} {'pt ms':>7} {'ratio':>6} {'pt-dflt ms':>10} "
      f"{'ratio':>6} {'pt-malloc ms':>12} {'ratio':>6} {'bnlab inf':>9} {'pt inf':>7} {'ratio':>6}")
medians = {}
for v in variants:
    ratios, dratios, mratios, iratios, steps, shares = [], [], [], [], [], []
    for r in range(1, rounds + 1):
        t = json.load(open(f"{work}/torch-{v}-{r}.json"))
        d = json.load(open(f"{work}/torchdefault-{v}-{r}.json"))
        m = json.load(open(f"{work}/torchmalloc-{v}-{r}.json"))
        b = json.load(open(f"{work}/bnlab-{v}-{r}.json"))["results"][0]
        ratio = t["trainStepMedianMs"] / b["stepMedianMs"]
        dratio = d["trainStepMedianMs"] / b["stepMedianMs"]
        mratio = m["trainStepMedianMs"] / b["stepMedianMs"]
        iratio = t["inferenceBatchMedianMs"] / b["inferenceMedianMs"]
        ratios.append(ratio); dratios.append(dratio); mratios.append(mratio); iratios.append(iratio)
        steps.append(b["stepMedianMs"]); shares.append(b["dataMedianMs"] / b["stepMedianMs"])
        print(f"{v:8} {r:>5} {b['stepMedianMs']:>9.2f} {t['trainStepMedianMs']:>7.2f} {ratio:>6.2f} "
              f"{d['trainStepMedianMs']:>10.2f} {dratio:>6.2f} {m['trainStepMedianMs']:>12.2f} {mratio:>6.2f} "
              f"{b['inferenceMedianMs']:>9.2f} {t['inferenceBatchMedianMs']:>7.2f} {iratio:>6.2f}")
    medians[v] = statistics.median(steps)
    print(f"{v:8} median PyTorch/bnlab training ratio: {statistics.median(ratios):.2f} at equal threads, "
          f"{statistics.median(dratios):.2f} against PyTorch's default ({d['threads']} thread(s)), "
          f"{statistics.median(mratios):.2f} against PyTorch with bnlab's malloc settings; "
          f"inference {statistics.median(iratios):.2f}; bnlab data share {statistics.median(shares):.1%}")
if "scratch" in medians and "concise" in medians:
    print(f"bnlab scratch step / concise step: {medians['scratch'] / medians['concise']:.2f}")
PY
