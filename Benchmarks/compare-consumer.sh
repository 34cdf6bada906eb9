#!/usr/bin/env bash
# Consumer build ÷ native build, side by side in one run (issue #15 item 1). The consumer build is
# what a package depending on Quanta gets: `swift build -c release` with no flags; the native
# build adds `-target-cpu native` (what the Makefile used to pass). Both QuantaBench binaries run
# the same workloads alternately for --rounds rounds; summary: per case the median of the round
# medians and the ratio consumer ÷ native for time units (native ÷ consumer for throughputs), so
# a ratio above 1 means the consumer build is slower.
# Usage: Benchmarks/compare-consumer.sh [--rounds 5] [--threads 1] [--out FILE] [workload ...]
#   default workloads: w1 w3 int8lenet lenet
set -euo pipefail
cd "$(dirname "$0")"
rounds=5; threads=1; out="Results/consumer-$(date -u +%Y%m%dT%H%MZ).jsonl"
workloads=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -*) echo "unknown option $1" >&2; exit 64 ;;
    *) workloads+=("$1"); shift ;;
  esac
done
[ ${#workloads[@]} -gt 0 ] || workloads=(w1 w3 int8lenet lenet)
consumer="${QUANTA_CONSUMER_BUILD:-/tmp/bench-consumer}"
native="${QUANTA_NATIVE_BUILD:-/tmp/bench-native}"
swift build -c release --scratch-path "$consumer" --product QuantaBench >&2
swift build -c release --scratch-path "$native" -Xswiftc -target-cpu -Xswiftc native --product QuantaBench >&2
mkdir -p "$(dirname "$out")"
for r in $(seq 1 "$rounds"); do
  for w in "${workloads[@]}"; do
    for build in consumer native; do
      scratch=$consumer
      [ "$build" = native ] && scratch=$native
      echo "compare-consumer.sh: round $r/$rounds, $w, $build" >&2
      "$scratch/release/QuantaBench" "$w" --threads "$threads" \
        | sed "s/^{/{\"build\":\"$build\",\"round\":$r,/" >> "$out"
    done
  done
done
python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {}
for r in rows:
    case = r["case"] + (f" {r['impl']}" if "impl" in r else "")
    key = (r["workload"], case, r["threads"], r["unit"])
    by.setdefault(key, {}).setdefault(r["build"], []).append(r["median"])
print(f"consumer ÷ native (slowdown of the consumer build; ≤ 1.15 is the target) — {sys.argv[1]}")
for (workload, case, threads, unit), builds in sorted(by.items()):
    if "consumer" not in builds or "native" not in builds:
        continue
    c = statistics.median(builds["consumer"])
    n = statistics.median(builds["native"])
    slowdown = n / c if "/s" in unit else c / n
    print(f"{workload:9s} {case:34s} t={threads}  consumer {c:12.4g}  native {n:12.4g} {unit:10s} ratio {slowdown:5.2f}"
          f"  ({len(builds['native'])} rounds)")
PY
