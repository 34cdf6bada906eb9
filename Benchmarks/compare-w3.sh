#!/usr/bin/env bash
# W3 thread scaling and TorchQuantum side by side in one run (issue #15 item 4): each round runs
# QuantaBench `w3` at 1 and 2 threads (one process, so both counts see the same host) and the
# shared peer script w3_qml.py (TorchQuantum only) at 2 threads. Summary: per dtype the medians,
# Quanta 2 threads ÷ Quanta 1 thread per round and its median, and Quanta (2 threads) ÷ TorchQuantum.
# Usage: Benchmarks/compare-w3.sh [--rounds 5] [--peers DIR] [--out FILE]
#   --peers: the shared peers folder with its .venv (default ../../shared/bench/peers)
set -euo pipefail
cd "$(dirname "$0")"
rounds=5; peers="$(cd ../.. && pwd)/shared/bench/peers"; out="Results/w3-scaling-$(date -u +%Y%m%dT%H%MZ).jsonl"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --peers) peers="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
done
[ -x "$peers/.venv/bin/python" ] || { echo "compare-w3.sh: no $peers/.venv — run its setup.sh" >&2; exit 1; }
scratch="${QUANTA_BENCH_BUILD:-/tmp/bench-build}"
swift build -c release --scratch-path "$scratch" --product QuantaBench >&2
mkdir -p "$(dirname "$out")"
for r in $(seq 1 "$rounds"); do
  echo "compare-w3.sh: round $r/$rounds" >&2
  "$scratch/release/QuantaBench" w3 --threads 1,2 | sed "s/^{/{\"round\":$r,/" >> "$out"
  (cd "$peers" && .venv/bin/python w3_qml.py --threads 2 --peers tq --repeats 5 2>/dev/null) \
    | grep '^{' | sed "s/^{/{\"round\":$r,/" >> "$out"
done
python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
quanta = {}
tq = []
for r in rows:
    if r.get("workload") == "w3":
        quanta.setdefault(r["case"], {}).setdefault(r["round"], {})[r["threads"]] = r["median"]
    elif r.get("peer") == "torchquantum":
        tq.append(r["samples_per_s"])
tqm = statistics.median(tq)
print(f"W3 training throughput, samples/s — {sys.argv[1]}")
print(f"TorchQuantum 2 threads: median {tqm:,.0f} over {len(tq)} rounds")
for case, by_round in sorted(quanta.items()):
    one = [v[1] for v in by_round.values()]
    two = [v[2] for v in by_round.values()]
    scaling = [v[2] / v[1] for v in by_round.values()]
    print(f"{case:20s} 1 thread {statistics.median(one):9,.0f}  2 threads {statistics.median(two):9,.0f}  "
          f"2t/1t per round {', '.join(f'{s:.2f}' for s in scaling)}  median {statistics.median(scaling):.2f}  "
          f"2t ÷ TorchQuantum {statistics.median(two) / tqm:.1f}x")
PY
