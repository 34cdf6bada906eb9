#!/usr/bin/env bash
# QLSTM training side by side in one run (issue #18): QuantaBench `qlstm` and peers/qlstm.py
# (PyTorch with PennyLane's TorchLayer on default.qubit, the same model and data), one epoch,
# alternated for --rounds rounds at 1 thread; summary: medians and PennyLane ÷ Quanta.
# Usage: Benchmarks/compare-qlstm.sh [--rounds 3] [--python PATH] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")"
source ./alternate.sh qlstm qlstm peers/qlstm.py "$@"
python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip() and json.loads(l).get("workload") == "qlstm"]
by = {}
for r in rows:
    by.setdefault(r.get("impl", "quanta"), []).append(r["median"])
print(f"QLSTM training epoch (157 windows, batch 10), s (median of round medians) — {sys.argv[1]}")
base = statistics.median(by["quanta"])
for impl, values in sorted(by.items()):
    m = statistics.median(values)
    print(f"{impl:32s} {m * 1e3:10.1f} ms/epoch   ÷ Quanta = {m / base:7.1f}   ({len(values)} rounds)")
PY
