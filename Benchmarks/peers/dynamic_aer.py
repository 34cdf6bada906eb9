#!/usr/bin/env python3
"""Qiskit Aer on QASMBench's cc_n12 with 20,000 shots (the peer side of QuantaBench `dynamic`).

Prints one JSON line per configuration: Aer's default statevector method, and with Aer's own
shot branching enabled. Time: the median of --samples runs of `run(...).result()` on the
transpiled circuit, seeds 1, 2, ...
"""
import argparse, json, os, statistics, time

from qiskit import qasm2, transpile
from qiskit_aer import AerSimulator


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--samples", type=int, default=3)
    parser.add_argument("--circuits", default=os.environ.get("QUANTA_CIRCUITS", "../shared/bench/circuits"))
    args = parser.parse_args()
    circuit = qasm2.load(os.path.join(args.circuits, "cc_n12.qasm"), custom_instructions=qasm2.LEGACY_CUSTOM_INSTRUCTIONS)
    for branching in (False, True):
        sim = AerSimulator(method="statevector", max_parallel_threads=args.threads, shot_branching_enable=branching)
        compiled = transpile(circuit, sim)
        sim.run(compiled, shots=100, seed_simulator=0).result()
        times, outcomes = [], 0
        for seed in range(1, args.samples + 1):
            start = time.perf_counter()
            counts = sim.run(compiled, shots=20000, seed_simulator=seed).result().get_counts()
            times.append(time.perf_counter() - start)
            outcomes = len(counts)
        print(json.dumps({"workload": "dynamic", "case": "cc_n12/shots=20000", "impl": "aer" + ("-branching" if branching else ""),
                          "threads": args.threads, "unit": "ms", "median": 1e3 * statistics.median(times),
                          "samples": len(times), "check_outcomes": outcomes}), flush=True)


if __name__ == "__main__":
    main()
