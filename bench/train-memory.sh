#!/usr/bin/env bash
# Runs a full `./bnlab train` (or with the arguments given; the launcher's -Xmx512m) and prints the process's
# resident memory at the end of each epoch (sampled every 0.2 s; the last sample before the epoch's
# line), and the ratio epoch-last / epoch-1: flat memory means no per-batch leak. Also prints the
# wall time of the whole command (start-up, data loading, training, report).
#
#   bench/train-memory.sh                     # the default 5-epoch scratch run
#   bench/train-memory.sh --variant concise
set -euo pipefail
cd "$(dirname "$0")/.."
./bnlab --version >/dev/null   # build outside the timing
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
start=$(date +%s.%N)
./bnlab train --output "$out/run" "$@" > "$out/log" 2>&1 &
launcher=$!
pid=""
while kill -0 "$launcher" 2>/dev/null; do
  [[ -z "$pid" ]] && pid=$(pgrep -f "bnlab.jar train --output $out/run" | head -n 1 || true)
  if [[ -n "$pid" ]]; then
    epochs=$(grep -c '^epoch ' "$out/log" || true)
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [[ -n "$rss" ]] && echo "$epochs $rss" >> "$out/samples"
  fi
  sleep 0.2
done
wait "$launcher"
end=$(date +%s.%N)
cat "$out/log" | grep -E '^(epoch|training on|run saved)'
/usr/bin/python3 - "$out/samples" "$start" "$end" <<'PY'
import sys
samples = [tuple(map(int, l.split())) for l in open(sys.argv[1])]
ends = {}
for epochs, rss in samples:
    ends[epochs + 1] = rss  # the last sample before epoch e's line: the end of epoch e
ends = {e: rss for e, rss in ends.items() if e <= max(epochs for epochs, _ in samples)}
print("resident memory (MiB) at the end of each epoch (last sample before its line):")
for e, rss in ends.items():
    print(f"  after epoch {e}: {rss / 1024:.0f}")
if len(ends) >= 2:
    first, final = ends[min(ends)], ends[max(ends)]
    print(f"after epoch {max(ends)} / after epoch {min(ends)}: {final / first:.3f}")
print(f"wall time of the whole command: {float(sys.argv[3]) - float(sys.argv[2]):.1f} s (-Xmx512m)")
PY
