#!/usr/bin/env bash
# One QuantaBench workload beside its peer script, side by side in one run: alternated for
# --rounds rounds, the order flipping every round; summary: per case, each implementation's
# median and peer ÷ Quanta (above 1 = Quanta faster). The peer prints JSON lines with the same
# "workload" and "case" fields. Used by compare-density.sh and compare-mps.sh.
# Usage: Benchmarks/compare-peer.sh --workload NAME --peer peers/SCRIPT.py [--rounds 5] [--threads 1]
#                                   [--python PATH] [--out FILE]
set -euo pipefail
cd "$(dirname "$0")"
rounds=5; threads=1; python="${QUANTA_PEER_PYTHON:-python3}"; out=""; workload=""; peer_script=""
while [ $# -gt 0 ]; do
  case "$1" in
    --workload) workload="$2"; shift 2 ;;
    --peer) peer_script="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "usage: $0 --workload NAME --peer SCRIPT [--rounds 5] [--threads 1] [--python PATH] [--out FILE]" >&2; exit 64 ;;
  esac
done
[ -n "$workload" ] && [ -n "$peer_script" ] || { echo "usage: $0 --workload NAME --peer SCRIPT [...]" >&2; exit 64; }
out="${out:-Results/$workload-$(date -u +%Y%m%dT%H%M%SZ).jsonl}"
scratch="${QUANTA_BENCH_BUILD:-/tmp/bench-build}"
swift build -c release --scratch-path "$scratch" --product QuantaBench >&2
bench="$scratch/release/QuantaBench"
quanta() { "$bench" "$workload" --threads "$threads" --out "$out" >/dev/null; }
peer() { "$python" "$peer_script" --threads "$threads" | sed "s/^{/{\"source\":\"peer\",\"round\":$1,/" >>"$out"; }
for r in $(seq 1 "$rounds"); do
  echo "compare-peer.sh: $workload round $r/$rounds" >&2
  if [ $((r % 2)) = 1 ]; then quanta; peer "$r"; else peer "$r"; quanta; fi
done
"$python" - "$out" "$workload" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
by = {}
for r in rows:
    if r.get("workload") == sys.argv[2]:
        by.setdefault(r["case"], {}).setdefault(r.get("impl", "quanta"), []).append(r["median"])
for case, impls in sorted(by.items()):
    q = statistics.median(impls["quanta"])
    for impl, values in sorted(impls.items()):
        m = statistics.median(values)
        print(f"{case:12s} {impl:14s} median {m:12.3f}   {impl} ÷ Quanta = {m / q:7.2f}   ({len(values)} rounds)")
PY
