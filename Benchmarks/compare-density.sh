#!/usr/bin/env bash
# Noise-simulation speed side by side in one run: QuantaBench `density` (density-matrix gates at
# n = 10, 12 and 10^6 shots from 20 qubits) and peers/density_aer.py (Qiskit Aer density_matrix
# and statevector sampling, PennyLane default.mixed), alternated for --rounds rounds, the order
# flipping every round; summary: per case, each implementation's median and peer ÷ Quanta
# (above 1 = Quanta faster).
# Usage: Benchmarks/compare-density.sh [--rounds 5] [--threads 1] [--python PATH] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")"
rounds=5; threads=1; python="${QUANTA_PEER_PYTHON:-python3}"; out="Results/density-$(date -u +%Y%m%dT%H%M%SZ).jsonl"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "usage: $0 [--rounds 5] [--threads 1] [--python PATH] [--out FILE]" >&2; exit 64 ;;
  esac
done
scratch="${QUANTA_BENCH_BUILD:-/tmp/bench-build}"
swift build -c release --scratch-path "$scratch" --product QuantaBench >&2
bench="$scratch/release/QuantaBench"
quanta() { "$bench" density --threads "$threads" --out "$out" >/dev/null; }
peer() { "$python" peers/density_aer.py --threads "$threads" | sed "s/^{/{\"source\":\"peer\",\"round\":$1,/" >>"$out"; }
for r in $(seq 1 "$rounds"); do
  echo "compare-density.sh: round $r/$rounds" >&2
  if [ $((r % 2)) = 1 ]; then quanta; peer "$r"; else peer "$r"; quanta; fi
done
"$python" - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {}
for r in rows:
    if r.get("workload") == "density":
        by.setdefault(r["case"], {}).setdefault(r.get("impl", "quanta"), []).append(r["median"])
for case, impls in sorted(by.items()):
    q = statistics.median(impls["quanta"])
    for impl, values in sorted(impls.items()):
        m = statistics.median(values)
        print(f"{case:12s} {impl:14s} median {m:12.3f}   {impl} ÷ Quanta = {m / q:7.2f}   ({len(values)} rounds)")
PY
