#!/usr/bin/env bash
# fp32 LeNet-5 inference side by side in one run (issue #15 item 2): QuantaBench `lenetinfer`
# and peers/lenet_inference.py (ONNX Runtime and PyTorch eval on the same weights and images,
# read from the file QuantaBench writes), alternated for --rounds rounds at each thread count;
# summary: per batch size and thread count the medians and Quanta ÷ peer (below 1 = Quanta faster).
# Usage: Benchmarks/compare-inference.sh [--rounds 5] [--threads 1,2] [--python PATH] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")"
rounds=5; threads=1,2; python="${QUANTA_PEER_PYTHON:-.peers/.venv/bin/python}"
out="Results/inference-$(date -u +%Y%m%dT%H%MZ).jsonl"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
done
[ -x "$python" ] || { echo "compare-inference.sh: no $python — run Benchmarks/peers.sh or pass --python" >&2; exit 1; }
scratch="${QUANTA_BENCH_BUILD:-/tmp/bench-build}"
swift build -c release --scratch-path "$scratch" --product QuantaBench >&2
mkdir -p "$(dirname "$out")"
for r in $(seq 1 "$rounds"); do
  for t in ${threads//,/ }; do
    echo "compare-inference.sh: round $r/$rounds, $t thread(s)" >&2
    "$scratch/release/QuantaBench" lenetinfer --threads "$t" --out "$out" > /dev/null
    "$python" peers/lenet_inference.py --threads "$t" --out "$out" > /dev/null 2>&1
  done
done
python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {}
for r in rows:
    if r.get("workload") == "lenetinfer":
        by.setdefault((r["case"], r["threads"]), {}).setdefault(r.get("impl", "quanta"), []).append(r["median"])
print(f"fp32 LeNet-5 inference, ms/batch (median of round medians) — {sys.argv[1]}")
for (case, threads), impls in sorted(by.items(), key=lambda kv: (kv[0][1], int(kv[0][0].split("=")[1]))):
    q = statistics.median(impls["quanta"])
    peers = "  ".join(f"{impl} {statistics.median(v):8.4f} (Quanta ÷ {impl} {q / statistics.median(v):.2f})"
                      for impl, v in sorted(impls.items()) if impl != "quanta")
    print(f"{case:10s} t={threads}  quanta {q:8.4f}  {peers}  ({len(impls['quanta'])} rounds)")
PY
