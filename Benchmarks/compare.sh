#!/usr/bin/env bash
# W6 head to head: QuantaBench's `lenet` and the PyTorch reference (peers/lenet5_torch.py),
# interleaved in one run (Quanta t=1, torch t=1, Quanta t=2, torch t=2, … for each round), so
# the shared machine's noise hits both alike. Prints per-thread medians and the ratio
# Quanta ms/step ÷ torch ms/step (below 1 = Quanta faster).
#
# usage: Benchmarks/compare.sh [--threads 1,2] [--rounds 3] [--out FILE]
#   QUANTA_PEERS   the peers folder made by peers.sh (default Benchmarks/.peers)
#   SCRATCH        SwiftPM scratch path for the release build (default Benchmarks/.build)
# Exit status 2 when QuantaBench has no `lenet` workload yet (the torch rows still run).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
threads=1,2 rounds=3 out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "usage: $0 [--threads 1,2] [--rounds 3] [--out FILE]" >&2; exit 64 ;;
  esac
done
py="${QUANTA_PEERS:-$here/.peers}/.venv/bin/python"
[ -x "$py" ] || { echo "compare.sh: no $py — run Benchmarks/peers.sh first (or set QUANTA_PEERS)" >&2; exit 1; }
scratch="${SCRATCH:-$here/.build}"
out="${out:-$here/Results/lenet-compare-$(date -u +%Y%m%dT%H%M%SZ).jsonl}"
mkdir -p "$(dirname "$out")"

(cd "$here" && swift build -c release --scratch-path "$scratch" --product QuantaBench >&2)
bench="$(cd "$here" && swift build -c release --scratch-path "$scratch" --show-bin-path)/QuantaBench"

quanta_ok=1
for ((r = 1; r <= rounds; r++)); do
  for t in ${threads//,/ }; do
    echo "compare.sh: round $r/$rounds, $t thread(s)" >&2
    if [ "$quanta_ok" = 1 ]; then
      rc=0; "$bench" lenet --threads "$t" --out "$out" || rc=$?
      if [ "$rc" = 2 ]; then quanta_ok=0; elif [ "$rc" != 0 ]; then exit "$rc"; fi
    fi
    "$py" "$here/peers/lenet5_torch.py" --threads "$t" --out "$out"
  done
done

python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
rows = [r for r in rows if r.get("workload") == "lenet"]
by = {}
for r in rows:
    by.setdefault((r["threads"], r.get("impl", "quanta")), []).append(r["median"])
print(f"\nW6 LeNet-5 step, batch 128 (ms/step, median of {sys.argv[2]} round medians) — {sys.argv[1]}")
print(f"{'threads':>7} {'quanta':>10} {'torch':>10} {'quanta/torch':>13}")
for t in sorted({k[0] for k in by}):
    q = [v for (tt, impl), vs in by.items() if tt == t and impl != "torch" for v in vs]
    p = by.get((t, "torch"), [])
    qm = statistics.median(q) if q else None
    pm = statistics.median(p) if p else None
    fmt = lambda v: f"{v:10.3f}" if v is not None else f"{'n/a':>10}"
    ratio = f"{qm / pm:13.3f}" if qm and pm else f"{'n/a':>13}"
    print(f"{t:>7} {fmt(qm)} {fmt(pm)} {ratio}")
PY
[ "$quanta_ok" = 1 ] || { echo "compare.sh: QuantaBench has no 'lenet' workload yet; torch rows only" >&2; exit 2; }
