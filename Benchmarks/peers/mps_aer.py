#!/usr/bin/env python3
"""Peer side of QuantaBench `mps`: the 50-qubit depth-10 brickwork circuit on Qiskit Aer's
matrix_product_state method with bond dimension 32 (ms per run, ⟨Z0⟩ saved as the check).
One JSON line; the median of --samples runs after one warm-up.
"""
import argparse, json, statistics, time

from qiskit import QuantumCircuit, transpile
from qiskit.quantum_info import SparsePauliOp
from qiskit_aer import AerSimulator


def brickwork(n, depth):
    c = QuantumCircuit(n)
    for l in range(depth):
        for q in range(n):
            c.ry(0.3 + 0.17 * ((7 * l + 3 * q) % 11), q)
            c.rz(0.2 + 0.13 * ((5 * l + 2 * q) % 7), q)
        for q in range(l % 2, n - 1, 2):
            c.cx(q, q + 1)
    return c


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--samples", type=int, default=5)
    args = parser.parse_args()
    n, depth, chi = 50, 10, 32
    c = brickwork(n, depth)
    c.save_expectation_value(SparsePauliOp("I" * (n - 1) + "Z"), list(range(n)))
    sim = AerSimulator(method="matrix_product_state", matrix_product_state_max_bond_dimension=chi,
                       max_parallel_threads=args.threads)
    compiled = transpile(c, sim, optimization_level=0)
    run = lambda: sim.run(compiled).result()
    run()
    times = []
    for _ in range(args.samples):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    z0 = float(result.data()["expectation_value"])
    print(json.dumps({"workload": "mps", "case": f"brickwork/n={n}/depth={depth}/chi={chi}", "impl": "aer",
                      "unit": "ms", "median": 1e3 * statistics.median(times), "threads": args.threads,
                      "check_z0": z0}), flush=True)


if __name__ == "__main__":
    main()
