#!/usr/bin/env bash
# HQNN-Parallel training side by side in one run (issue #16): QuantaBench `hqnn` and
# peers/hqnn_parallel.py (PyTorch with PennyLane's TorchLayer on default.qubit, the same model),
# one training step at batch 4 (the re-implementation's recipe) and 64, alternated for --rounds
# rounds at 1 thread; summary: medians, peer ÷ Quanta (above 1 = Quanta faster) and the MNIST
# epoch (60,000 images) each implies. The classical counterpart of both runs too.
# Usage: Benchmarks/compare-hqnn.sh [--rounds 3] [--python PATH] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")"
source ./alternate.sh hqnn hqnn peers/hqnn_parallel.py "$@"
python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {}
for r in rows:
    if r.get("workload") == "hqnn":
        by.setdefault((r["case"], r.get("impl", "quanta")), []).append(r["median"])
print(f"HQNN-Parallel training step, ms (median of round medians) — {sys.argv[1]}")
print("each peer ÷ Quanta's same model (above 1 = Quanta faster); classical = the 20→20 tanh counterpart")
own = {"pennylane.default.qubit+torch": "quanta", "torch classical": "quanta classical"}
for case in sorted({c for c, _ in by}, key=lambda c: int(c.split("=")[1])):
    batch = int(case.split("=")[1])
    for (c, impl), values in sorted(by.items()):
        if c != case:
            continue
        m = statistics.median(values)
        base = by.get((case, own.get(impl, impl)))
        ratio = f"{m / statistics.median(base):7.2f}" if base else "      —"
        print(f"{case:9s} {impl:32s} {m:10.2f} ms/step  epoch {m * 60000 / batch / 1e3:8.1f} s   "
              f"÷ Quanta = {ratio}   ({len(values)} rounds)")
PY
