#!/usr/bin/env bash
# HQNN-Parallel training side by side in one run (issue #16): QuantaBench `hqnn` and
# peers/hqnn_parallel.py (PyTorch with PennyLane's TorchLayer on default.qubit, the same model),
# one training step at batch 4 (the re-implementation's recipe) and 64, alternated for --rounds
# rounds at 1 thread; summary: medians, peer ÷ Quanta (above 1 = Quanta faster) and the MNIST
# epoch (60,000 images) each implies. The classical counterpart of both runs too.
# Usage: Benchmarks/compare-hqnn.sh [--rounds 3] [--python PATH] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")"
rounds=3; python="${QUANTA_PEER_PYTHON:-.peers/.venv/bin/python}"; out="Results/hqnn-$(date -u +%Y%m%dT%H%MZ).jsonl"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
done
[ -x "$python" ] || { echo "compare-hqnn.sh: no $python — run Benchmarks/peers.sh or pass --python" >&2; exit 1; }
scratch="${QUANTA_BENCH_BUILD:-/tmp/bench-build}"
swift build -c release --scratch-path "$scratch" --product QuantaBench >&2
mkdir -p "$(dirname "$out")"
for r in $(seq 1 "$rounds"); do
  echo "compare-hqnn.sh: round $r/$rounds" >&2
  "$scratch/release/QuantaBench" hqnn --threads 1 --out "$out" > /dev/null
  "$python" peers/hqnn_parallel.py --threads 1 --out "$out" > /dev/null 2>&1
done
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
