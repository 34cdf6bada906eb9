#!/usr/bin/env bash
# Quanvolution side by side in one run (issue #16): QuantaBench `quanv` (1,000 MNIST images, 2x2
# stride 2, 4 qubits, one random layer) and peers/quanvolution.py (PennyLane default.qubit one
# QNode per patch, scaled from --pl-images images; TorchQuantum with every patch in one batch),
# alternated for --rounds rounds at 1 thread; summary: medians and peer ÷ Quanta (above 1 = Quanta faster).
# Usage: Benchmarks/compare-quanvolution.sh [--rounds 3] [--python PATH] [--out FILE]
#   QUANTA_DATA must point at a data root holding mnist (e.g. ../shared/datasets).
set -euo pipefail
cd "$(dirname "$0")"
source ./alternate.sh quanvolution quanv peers/quanvolution.py "$@"
python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {}
for r in rows:
    if r.get("workload") == "quanv":
        by.setdefault(r.get("impl", "quanta"), []).append(r["median"])
q = statistics.median(by["quanta"])
print(f"quanvolution of 1,000 MNIST images, ms (median of round medians) — {sys.argv[1]}")
for impl, values in sorted(by.items()):
    m = statistics.median(values)
    print(f"{impl:26s} {m:12.1f} ms   {impl} ÷ Quanta = {m / q:8.2f}   ({len(values)} rounds)")
PY
