#!/usr/bin/env python3
"""Per-round table of a compare-w1.sh result file: Quanta's W1 time per gate (gate by gate or fused) beside
pennylane-lightning's and the fastest complex128 peer's of the same round, the ratios peer ÷
Quanta (above 1 = Quanta faster), and their medians over the rounds."""
import json, statistics, sys

quanta, peers = [], {}          # Quanta medians in file order; round -> [(ns/gate, peer name)]
for line in open(sys.argv[1]):
    d = json.loads(line)
    if d.get("source") == "peer":
        peers.setdefault(d["round"], []).append((d["ns_per_gate"], f'{d["peer"]} ({d["variant"][:24]})'))
    elif d.get("workload") == "w1":
        quanta.append((d["median"], d["threads"], d["case"]))
rounds = sorted(peers)
if not quanta or len(quanta) != len(rounds):
    sys.exit(f"summarize_w1.py: {len(quanta)} Quanta rows but {len(rounds)} peer rounds in {sys.argv[1]}")
unit, scale = ("µs", 1e3) if quanta[0][0] < 1e6 else ("ms", 1e6)
print(f"W1 {quanta[0][2]}, {quanta[0][1]} thread(s), {unit} per gate — {sys.argv[1]}")
print(f"{'round':>5} {'quanta':>8} {'lightning':>10} {'best peer':>10}  {'lightning/quanta':>16} {'best/quanta':>11}  best peer")
vs_lightning, vs_best = [], []
for (q, _, _), r in zip(quanta, rounds):
    best, name = min(peers[r])
    light = min(t for t, p in peers[r] if p.startswith("pennylane-lightning"))
    vs_lightning.append(light / q); vs_best.append(best / q)
    print(f"{r:>5} {q / scale:8.2f} {light / scale:10.2f} {best / scale:10.2f}  {light / q:16.2f} {best / q:11.2f}  {name}")
for what, ratios in (("lightning", vs_lightning), ("best peer", vs_best)):
    print(f"{what} ÷ Quanta: median {statistics.median(ratios):.2f} over {len(ratios)} rounds "
          f"(min {min(ratios):.2f}, max {max(ratios):.2f}; Quanta ahead in {sum(r > 1 for r in ratios)})")
