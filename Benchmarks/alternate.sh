#!/usr/bin/env bash
# Shared by the compare-*.sh scripts that alternate one QuantaBench workload with one peer
# script: reads --rounds --python --out, builds QuantaBench, then runs both --rounds times at
# 1 thread, appending JSON lines to $out. Sourced, not run:
#   source alternate.sh NAME WORKLOAD PEER_SCRIPT "$@"     (sets $out for the summary)
# NAME prefixes messages and the default output Results/NAME-<UTC time>.jsonl.
name="$1"; workload="$2"; peer="$3"; shift 3
rounds=3; python="${QUANTA_PEER_PYTHON:-.peers/.venv/bin/python}"; out="Results/$name-$(date -u +%Y%m%dT%H%MZ).jsonl"
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
done
[ -x "$python" ] || { echo "compare-$name.sh: no $python — run Benchmarks/peers.sh or pass --python" >&2; exit 1; }
scratch="${QUANTA_BENCH_BUILD:-/tmp/bench-build}"
swift build -c release --scratch-path "$scratch" --product QuantaBench >&2
mkdir -p "$(dirname "$out")"
for r in $(seq 1 "$rounds"); do
  echo "compare-$name.sh: round $r/$rounds" >&2
  "$scratch/release/QuantaBench" "$workload" --threads 1 --out "$out" > /dev/null
  "$python" "$peer" --threads 1 --out "$out" > /dev/null 2>&1
done
