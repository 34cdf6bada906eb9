#!/usr/bin/env bash
# Dynamic circuits side by side in one run: QuantaBench dynamic (cc_n12, 20,000 shots) and the
# peer script peers/dynamic_aer.py (Qiskit Aer, default and with its shot branching), alternated
# for --rounds rounds at 1 thread; summary: medians and the ratio Quanta ÷ Aer.
# Usage: Benchmarks/compare-dynamic.sh [--rounds 5] [--python PATH] [--out Results/dynamic-YYYYMMDD.jsonl]
set -euo pipefail
cd "$(dirname "$0")"
rounds=5; python="${QUANTA_PEER_PYTHON:-python3}"; out="Results/dynamic-$(date -u +%Y%m%d).jsonl"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
done
export QUANTA_CIRCUITS="${QUANTA_CIRCUITS:-$(cd ../.. && pwd)/shared/bench/circuits}"
scratch="${QUANTA_BENCH_BUILD:-/tmp/bench-build}"
swift build -c release --scratch-path "$scratch" >&2
bench="$scratch/release/QuantaBench"
for r in $(seq 1 "$rounds"); do
  "$bench" dynamic --threads 1 --out "$out"
  "$python" peers/dynamic_aer.py --threads 1 | sed "s/^{/{\"source\":\"peer\",\"round\":$r,/" | tee -a "$out"
done
"$python" - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {}
for r in rows:
    if r.get("workload") == "dynamic":
        by.setdefault(r.get("impl", "quanta"), []).append(r["median"])
q = statistics.median(by["quanta"])
for impl, values in sorted(by.items()):
    m = statistics.median(values)
    print(f"{impl:16s} median {m:10.3f} ms over {len(values)} rounds   Quanta ÷ {impl} = {q / m:.4f}")
PY
