#!/usr/bin/env python3
"""Markdown table from QuantaBench / peer JSON-line result files.

usage: python3 Benchmarks/summarize.py Results/gemm-20261124.jsonl [...]
Groups rows by (workload, case, impl, threads); a row's figure is the median of the runs'
medians, with the lowest min and highest max across runs, and for Quanta GEMM rows the
median of the runs' paired ratios to OpenBLAS-from-C (`vs_c_openblas`).
"""
import json
import statistics
import sys

groups = {}
for path in sys.argv[1:]:
    for line in open(path):
        if not line.strip():
            continue
        r = json.loads(line)
        key = (r["workload"], r["case"], r.get("impl", ""), r["threads"])
        groups.setdefault(key, []).append(r)

print("| workload | case | impl | threads | median | [min – max] | unit | runs | vs C OpenBLAS |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for (w, case, impl, t), rows in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][3], kv[0][2])):
    med = statistics.median(r["median"] for r in rows)
    lo = min(r["min"] for r in rows)
    hi = max(r["max"] for r in rows)
    ratios = [r["vs_c_openblas"] for r in rows if "vs_c_openblas" in r]
    ratio = f"{statistics.median(ratios):.3f}" if ratios else ""
    print(f"| {w} | {case} | {impl} | {t} | {med:.4g} | [{lo:.4g} – {hi:.4g}] | {rows[0]['unit']} | {len(rows)} | {ratio} |")
