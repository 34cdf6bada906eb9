#!/usr/bin/env bash
# ResNet-20 integer inference side by side in one run (issue #22): QuantaBench `int8resnet`
# (fp32, W8A8 and W4A8 integer, batch 256) and peers/resnet_int8.py (ONNX Runtime fp32 and int8
# static quantization of the same weights, exported to ONNX), alternated for --rounds rounds at
# each thread count; summary: medians of the round medians and Quanta W8A8 ÷ ONNX Runtime int8.
# Usage: Benchmarks/compare-int8-resnet.sh [--rounds 3] [--threads 1,2] [--python PATH] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")"
rounds=3; threads=1,2; python="${QUANTA_PEER_PYTHON:-.peers/.venv/bin/python}"
out="Results/int8-resnet-$(date -u +%Y%m%dT%H%MZ).jsonl"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
done
[ -x "$python" ] || { echo "compare-int8-resnet.sh: no $python — run Benchmarks/peers.sh or pass --python" >&2; exit 1; }
# oneDNN's OpenMP workers must not spin against OpenBLAS's (see compare-int8.sh).
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
scratch="${QUANTA_BENCH_BUILD:-/tmp/bench-build}"
swift build -c release --scratch-path "$scratch" --product QuantaBench >&2
mkdir -p "$(dirname "$out")"
for r in $(seq 1 "$rounds"); do
  for t in ${threads//,/ }; do
    echo "compare-int8-resnet.sh: round $r/$rounds, $t thread(s)" >&2
    "$scratch/release/QuantaBench" int8resnet --threads "$t" --out "$out" > /dev/null
    "$python" peers/resnet_int8.py --threads "$t" --out "$out" > /dev/null 2>&1
  done
done
python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {}
for r in rows:
    if r.get("workload") == "int8resnet":
        by.setdefault(r["threads"], {}).setdefault(r["impl"], []).append(r["median"])
print(f"ResNet-20 inference, batch 256, ms/batch (median of round medians) — {sys.argv[1]}")
for threads, impls in sorted(by.items()):
    m = {k: statistics.median(v) for k, v in impls.items()}
    cells = "  ".join(f"{k} {v:.1f}" for k, v in sorted(m.items()))
    print(f"{threads} thread(s): {cells}")
    fp32, w8, w4, ort = (m.get(k) for k in ("quanta.fp32", "quanta.w8a8.onednn", "quanta.w4a8.onednn", "onnxruntime.int8"))
    if fp32 and w8 and w4:
        print(f"  Quanta W8A8 vs Quanta fp32: {fp32 / w8:.2f}x faster; W4A8: {fp32 / w4:.2f}x")
    if ort and w8 and w4:
        print(f"  Quanta W8A8 / ONNX Runtime int8: {w8 / ort:.2f} (below 1 = Quanta faster); W4A8: {w4 / ort:.2f}")
PY
