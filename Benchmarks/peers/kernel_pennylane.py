#!/usr/bin/env python3
"""Peer side of QuantaBench `kernel`: the same 500 x 500 fidelity-kernel Gram matrix with
PennyLane's kernel utilities (`qml.kernels.square_kernel_matrix` over a QNode that applies U(x1)
then U(x2)† and returns the probability of |0...0>, the pattern of PennyLane's kernel demo) on
default.qubit. One run (it takes minutes); --samples N times a leading N-row block instead and
scales by the pair count when --scale is given.
"""
import argparse, json, math, time

import numpy as np
import pennylane as qml


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rows", type=int, default=500)
    args = parser.parse_args()
    n, q = 500, 8
    x = np.array([math.pi * ((0.618 * (k + 1)) % 1) for k in range(n * q)]).reshape(n, q)
    dev = qml.device("default.qubit", wires=q)

    def encode(v):
        for j in range(q):
            qml.RX(v[j], wires=j)
        for j in range(q):
            qml.CNOT(wires=[j, (j + 1) % q])
        for j in range(q):
            qml.RZ(v[j], wires=j)

    @qml.qnode(dev)
    def overlap(a, b):
        encode(a)
        qml.adjoint(encode)(b)
        return qml.probs(wires=range(q))

    kernel = lambda a, b: overlap(a, b)[0]
    rows = x[: args.rows]
    start = time.perf_counter()
    gram = qml.kernels.square_kernel_matrix(rows, kernel, assume_normalized_kernel=True)
    seconds = time.perf_counter() - start
    pairs = lambda m: m * (m - 1) / 2
    estimate = seconds * pairs(n) / pairs(args.rows)
    print(json.dumps({"workload": "kernel", "case": f"gram/n={n}/qubits={q}", "impl": "pennylane-kernels",
                      "unit": "ms", "median": 1e3 * estimate, "threads": 1, "rows_timed": args.rows,
                      "check_sum": float(np.sum(gram)) if args.rows == n else None}), flush=True)


if __name__ == "__main__":
    main()
