#!/usr/bin/env bash
# How the cost of a training step grows with the batch size and the thread count, for bnlab and for
# the PyTorch baseline (Debian's PyTorch on OpenBLAS with a CPU-matched kernel, as in
# bench/compare-pytorch.sh): step time, examples per second and resident memory at each batch size
# of BATCHES and each count of THREAD_COUNTS. Every point is a fresh process, so its memory figures
# are its own, and PyTorch and bnlab alternate at each point, so both see the same machine load.
# Writes scaling.csv and scaling.png (charted by `bnlab bench --scaling`) into OUT, both at the end.
#
#   bench/scaling.sh                 # concise, batches 16..1024, 1 and 2 threads, 20 warm-up + 100 steps
#   VARIANT=scratch OUT=/tmp/scaling bench/scaling.sh
#   WARMUP=1 STEPS=3 BATCHES="16 32" THREAD_COUNTS=1 OUT=/tmp/scaling bench/scaling.sh   # quick check
set -euo pipefail
cd "$(dirname "$0")/.."
warmup=${WARMUP:-20}
steps=${STEPS:-100}
variant=${VARIANT:-concise}
batches=${BATCHES:-"16 32 64 128 256 512 1024"}
thread_counts=${THREAD_COUNTS:-"1 2"}
out=${OUT:-docs/results/performance}
source bench/common.sh
bench_setup scaling
mkdir -p "$out"
echo "scaling: $(date -u +%Y-%m-%dT%H:%MZ), $cpu, $(nproc) cores, $variant, batch sizes $batches," \
     "threads $thread_counts, $warmup warm-up + $steps timed steps per point"
"$py" bench/torch_blas.py   # which BLAS and kernel; exits (and so does this script) unless OpenBLAS
for t in $thread_counts; do
  for b in $batches; do
    "$py" bench/pytorch_reference.py bench --variant "$variant" --batch-size "$b" --threads "$t" \
      --warmup "$warmup" --steps "$steps" > "$work/pytorch.json"
    # PyTorch's point as a row of bnlab's scaling table (bench.ScalingCsv's columns)
    "$py" - "$work/pytorch.json" "$work/scaling.csv" "$t" <<'PY'
import json, os, sys
run, csv, threads = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3])
header = "engine,variant,threads,batch_size,warmup,steps,step_ms,step_p90_ms,examples_per_s,rss_mib,peak_rss_mib"
cells = ["pytorch", run["variant"], threads, run["batchSize"], run["warmup"], run["steps"],
         run["trainStepMedianMs"], run["trainStepP90Ms"], run["trainImagesPerSecond"],
         run["residentMiB"], run["peakResidentMiB"]]
new = not os.path.exists(csv)
with open(csv, "a") as f:
    f.write((header + "\n" if new else "") + ",".join(str(c) for c in cells) + "\n")
print(f"pytorch  {run['variant']:8} {threads} thread(s) batch {run['batchSize']:5}: "
      f"{run['trainStepMedianMs']:8.2f} ms/step {run['trainImagesPerSecond']:8.0f} examples/s "
      f"{run['residentMiB']:6.0f} MiB resident")
PY
    ./bnlab bench --scaling "$work/scaling.csv" --variant "$variant" --batch-sizes "$b" \
      --threads "$t" --warmup "$warmup" --steps "$steps" \
      | awk -v t="$t" '$1 == "'"$variant"'" {printf "bnlab    %-8s %d thread(s) batch %5d: %8.2f ms/step %8.0f examples/s %6.0f MiB resident\n", $1, t, $2, $3, $5, $6}'
  done
done
# into OUT only now, each file whole
for f in scaling.csv scaling.png; do
  cp "$work/$f" "$out/.$f.partial"
  mv "$out/.$f.partial" "$out/$f"
done
echo "written: $out/scaling.csv, $out/scaling.png"
