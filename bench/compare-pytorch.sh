#!/usr/bin/env bash
# Times PyTorch (Debian's python3-torch, the seed's network with its bugs fixed) and bnlab on the
# same batches, alternating runs so both see the same machine load, and prints for each variant the
# ratio PyTorch time / bnlab time per round and the median over rounds.
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
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

./bnlab --version >/dev/null   # builds the jar first, outside the timings
echo "compare-pytorch: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $threads threads each," \
     "$rounds rounds of $warmup warm-up + $steps timed steps, batch 256"
for round in $(seq 1 "$rounds"); do
  for v in $variants; do
    "$py" bench/pytorch_reference.py bench --variant "$v" --warmup "$warmup" --steps "$steps" \
      --threads "$threads" > "$work/torch-$v-$round.json"
    ./bnlab bench --variant "$v" --warmup "$warmup" --steps "$steps" --threads "$threads" \
      --json "$work/bnlab-$v-$round.json" > /dev/null
  done
done
"$py" - "$work" "$rounds" $variants <<'PY'
import json, statistics, sys
work, rounds, variants = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
print(f"{'variant':8} {'round':>5} {'pytorch ms':>11} {'bnlab ms':>9} {'ratio':>6} "
      f"{'pt infer ms':>11} {'bnlab infer ms':>14} {'ratio':>6}")
medians = {}
for v in variants:
    ratios, iratios, steps = [], [], []
    for r in range(1, rounds + 1):
        t = json.load(open(f"{work}/torch-{v}-{r}.json"))
        b = json.load(open(f"{work}/bnlab-{v}-{r}.json"))["results"][0]
        ratio = t["trainStepMedianMs"] / b["stepMedianMs"]
        iratio = t["inferenceBatchMedianMs"] / b["inferenceMedianMs"]
        ratios.append(ratio); iratios.append(iratio); steps.append(b["stepMedianMs"])
        print(f"{v:8} {r:>5} {t['trainStepMedianMs']:>11.2f} {b['stepMedianMs']:>9.2f} {ratio:>6.2f} "
              f"{t['inferenceBatchMedianMs']:>11.2f} {b['inferenceMedianMs']:>14.2f} {iratio:>6.2f}")
    medians[v] = statistics.median(steps)
    print(f"{v:8} median training ratio PyTorch/bnlab {statistics.median(ratios):.2f}, "
          f"inference {statistics.median(iratios):.2f}, data share {b['dataMedianMs'] / b['stepMedianMs']:.1%}")
if "scratch" in medians and "concise" in medians:
    print(f"bnlab scratch step / concise step: {medians['scratch'] / medians['concise']:.2f}")
PY
