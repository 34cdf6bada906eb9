#!/usr/bin/env bash
# Input gradients of a 10-qubit classifier side by side (issue #17): QuantaBench `inputgrad`
# (adjoint) and peers/input_gradient.py (PennyLane default.qubit, backprop), batch 256,
# alternated for --rounds rounds at 1 thread; summary: medians and PennyLane ÷ Quanta.
# Usage: Benchmarks/compare-inputgrad.sh [--rounds 3] [--python PATH] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")"
source ./alternate.sh inputgrad inputgrad peers/input_gradient.py "$@"
python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip() and json.loads(l).get("workload") == "inputgrad"]
by = {}
for r in rows:
    by.setdefault(r.get("impl", "quanta"), []).append(r["median"])
print(f"input gradient, 10 qubits, batch 256, ms (median of round medians) — {sys.argv[1]}")
base = statistics.median(by["quanta adjoint"])
for impl, values in sorted(by.items()):
    m = statistics.median(values)
    print(f"{impl:40s} {m:10.2f} ms   ÷ Quanta = {m / base:7.1f}   ({len(values)} rounds)")
PY
