#!/usr/bin/env python3
"""Peer side of QuantaBench `density`: the W1 circuit (5 rounds of H, CNOT chain, RX(0.3)) on
Qiskit Aer's density_matrix method and PennyLane's default.mixed (n = 10, 12; ns per gate,
whole run timed; default.mixed only at n = 10, where one run already takes 13 s), and 10^6 shots from the 20-qubit W1 state on Aer's statevector method (ms,
state preparation and counts included). One JSON line per configuration; medians of --samples.
"""
import argparse, json, statistics, time

from qiskit import QuantumCircuit, transpile
from qiskit_aer import AerSimulator


def w1(n, measure=False):
    c = QuantumCircuit(n)
    for _ in range(5):
        for q in range(n):
            c.h(q)
        for q in range(n - 1):
            c.cx(q, q + 1)
        for q in range(n):
            c.rx(0.3, q)
    if measure:
        c.measure_all()
    return c


def timed(run, samples):
    run()
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def emit(case, impl, unit, value, threads, **extra):
    print(json.dumps({"workload": "density", "case": case, "impl": impl, "unit": unit, "median": value,
                      "threads": threads, **extra}), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--peers", default="aer,default.mixed")
    args = parser.parse_args()
    peers = args.peers.split(",")
    for n in (10, 12):
        gates = 5 * (3 * n - 1)
        if "aer" in peers:
            sim = AerSimulator(method="density_matrix", max_parallel_threads=args.threads)
            c = w1(n)
            c.save_density_matrix()
            compiled = transpile(c, sim, optimization_level=0)
            seconds = timed(lambda: sim.run(compiled).result(), args.samples)
            emit(f"dm/n={n}", "aer", "ns/gate", seconds / gates * 1e9, args.threads)
        if "default.mixed" in peers and n == 10:
            import pennylane as qml
            dev = qml.device("default.mixed", wires=n)

            @qml.qnode(dev)
            def circuit():
                for _ in range(5):
                    for q in range(n):
                        qml.Hadamard(q)
                    for q in range(n - 1):
                        qml.CNOT([q, q + 1])
                    for q in range(n):
                        qml.RX(0.3, q)
                return qml.expval(qml.PauliZ(0))

            seconds = timed(circuit, max(1, args.samples // 2))
            emit(f"dm/n={n}", "default.mixed", "ns/gate", seconds / gates * 1e9, 1, check_z0=float(circuit()))
    if "aer" in peers:
        sim = AerSimulator(method="statevector", max_parallel_threads=args.threads)
        compiled = transpile(w1(20, measure=True), sim, optimization_level=0)
        seed = [0]

        def sample():
            seed[0] += 1
            return sim.run(compiled, shots=1_000_000, seed_simulator=seed[0]).result().get_counts()

        seconds = timed(sample, args.samples)
        emit("shots/n=20", "aer", "ms", seconds * 1e3, args.threads, check_outcomes=len(sample()))


if __name__ == "__main__":
    main()
