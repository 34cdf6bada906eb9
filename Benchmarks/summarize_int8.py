#!/usr/bin/env python3
"""Table of a compare-int8.sh result file: Quanta int8 rows beside the peer rows (W4), per round."""
import json, sys
from collections import defaultdict

rows = defaultdict(list)   # (threads, shape, impl) -> [GOP/s per round]
lenet = defaultdict(list)
last_threads = 0           # older files lack "threads" on peer rows: they follow Quanta's rows of that count
for line in open(sys.argv[1] if len(sys.argv) > 1 else "Results/int8-20261124.jsonl"):
    d = json.loads(line)
    if d.get("source") == "peer":
        shape = "x".join(map(str, d["shape"]))
        rows[(d.get("threads") or last_threads, shape, f'{d["peer"]}: {d["variant"]}')].append(d["gops"])
    elif d["workload"] == "int8gemm":
        last_threads = d["threads"]
        rows[(d["threads"], d["case"], d["impl"])].append(d["median"])
        if "vs_quanta_fp32" in d:
            rows[(d["threads"], d["case"], d["impl"] + " / quanta.fp32 (paired)")].append(d["vs_quanta_fp32"])
    elif d["workload"] == "int8lenet":
        lenet[(d["threads"], d["impl"])].append(d["median"])
        if "speedup_vs_fp32" in d:
            lenet[(d["threads"], "speedup int8 vs fp32 (paired)")].append(d["speedup_vs_fp32"])
for key in sorted(rows, key=lambda k: (str(k[0]), k[1], k[2])):
    print(f"{key[0]!s:>2} {key[1]:>15}  {key[2][:75]:75}  " + "  ".join(f"{v:8.1f}" if v > 20 else f"{v:8.2f}" for v in rows[key]))
for key in sorted(lenet, key=str):
    print(f"{key[0]!s:>2} lenet batch=256  {key[1]:75}  " + "  ".join(f"{v:8.2f}" for v in lenet[key]))
