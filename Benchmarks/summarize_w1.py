#!/usr/bin/env python3
"""Per-round table of a compare-w1.sh result file: Quanta's W1 gate-by-gate ns/gate beside the
fastest complex128 peer of the same round, their ratio (peer ÷ Quanta: above 1 = Quanta faster),
and the median ratio over rounds."""
import json, statistics, sys

quanta, peers = [], {}          # Quanta medians in file order; round -> [(ns/gate, peer name)]
for line in open(sys.argv[1]):
    d = json.loads(line)
    if d.get("source") == "peer":
        peers.setdefault(d["round"], []).append((d["ns_per_gate"], f'{d["peer"]} ({d["variant"][:30]})'))
    elif d.get("workload") == "w1":
        quanta.append((d["median"], d["threads"], d["case"]))
rounds = sorted(peers)
if not quanta or len(quanta) != len(rounds):
    sys.exit(f"summarize_w1.py: {len(quanta)} Quanta rows but {len(rounds)} peer rounds in {sys.argv[1]}")
ratios = []
print(f"W1 {quanta[0][2]}, {quanta[0][1]} thread(s), ms per gate — {sys.argv[1]}")
print(f"{'round':>5} {'quanta':>8} {'best peer':>10}  {'peer/quanta':>11}  best peer")
for (q, _, _), r in zip(quanta, rounds):
    best, name = min(peers[r])
    ratios.append(best / q)
    print(f"{r:>5} {q / 1e6:8.2f} {best / 1e6:10.2f}  {best / q:11.2f}  {name}")
print(f"median ratio {statistics.median(ratios):.2f} over {len(ratios)} rounds "
      f"(min {min(ratios):.2f}, max {max(ratios):.2f})")
