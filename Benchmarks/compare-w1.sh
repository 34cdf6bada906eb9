#!/usr/bin/env bash
# W1 side by side in one run: QuantaBench's `w1` (complex128, gate by gate or fused) and the peer script
# w1_gates.py (pennylane-lightning and qulacs), alternated for --rounds rounds; the order flips
# every round so slow drifts of the shared machine hit both alike. Then summarize_w1.py prints
# each round's ratios (lightning and the best peer ÷ Quanta, above 1 = Quanta faster) and the medians.
# Usage: Benchmarks/compare-w1.sh [--n 24] [--threads 2] [--rounds 11] [--variant gate-by-gate|fused]
#                                [--out Results/w1-....jsonl]
# (the peers always run gate by gate: `fused` compares Quanta's default compile against them)
#   QUANTA_PEERS        the peer folder with .venv (default /work/peers, made by peers.sh)
#   QUANTA_BENCH_BUILD  SwiftPM scratch path for the release build (default /tmp/bench-build)
set -euo pipefail
cd "$(dirname "$0")"
n=24; threads=2; rounds=11; variant=gate-by-gate; out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --n) n="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --variant) variant="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "usage: $0 [--n 24] [--threads 2] [--rounds 11] [--variant gate-by-gate|fused] [--out FILE]" >&2; exit 64 ;;
  esac
done
case "$variant" in gate-by-gate|fused) ;; *) echo "compare-w1.sh: --variant is gate-by-gate or fused, not '$variant'" >&2; exit 64 ;; esac
out="${out:-Results/w1-n$n-t$threads-$variant-$(date -u +%Y%m%dT%H%M%SZ).jsonl}"
peers="${QUANTA_PEERS:-/work/peers}"
py="$peers/.venv/bin/python"
[ -x "$py" ] || { echo "compare-w1.sh: no $py — run Benchmarks/peers.sh first (or set QUANTA_PEERS)" >&2; exit 1; }
scratch="${QUANTA_BENCH_BUILD:-/tmp/bench-build}"
swift build -c release --scratch-path "$scratch" --product QuantaBench >&2
bench="$scratch/release/QuantaBench"
# The peer script writes results/raw next to itself: run a private copy.
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cp "$peers/w1_gates.py" "$peers/common.py" "$tmp/"
repeats=$([ "$n" -le 20 ] && echo 5 || echo 3)
quanta() { "$bench" w1 --threads "$threads" --case "n=$n/complex128/$variant" --out "$out" >/dev/null; }
peer() {
  "$py" "$tmp/w1_gates.py" --n "$n" --threads "$threads" --repeats "$repeats" --peers lightning,qulacs \
    | grep '^{' | grep '"complex128"' | sed "s/^{/{\"source\":\"peer\",\"round\":$1,/" >>"$out"
}
for r in $(seq 1 "$rounds"); do
  echo "compare-w1.sh: round $r/$rounds (n=$n, $threads thread(s))" >&2
  if [ $((r % 2)) = 1 ]; then quanta; peer "$r"; else peer "$r"; quanta; fi
done
python3 summarize_w1.py "$out"
