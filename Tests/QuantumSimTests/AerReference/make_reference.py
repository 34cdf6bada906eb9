"""Reference density matrices for DensityMatrixAerTests, made offline with Qiskit Aer.

Writes noisy-circuits.json: 200 seeded random circuits on 1-8 qubits, each with a noise model in
Quanta's JSON format covering every channel kind, and entries of the density matrix Aer's
density_matrix method gives (all entries up to 3 qubits, 64 seeded entries beyond).
Run: pip install qiskit qiskit-aer numpy; python make_reference.py
"""
import json
import numpy as np
from qiskit import QuantumCircuit
from qiskit_aer import AerSimulator
from qiskit_aer.noise import (NoiseModel, depolarizing_error, amplitude_damping_error, phase_damping_error,
                              pauli_error, thermal_relaxation_error)

ONE = ["h", "x", "sx", "rx", "ry", "rz", "u3"]
TWO = ["cx", "cz", "rzz", "swap"]
QISKIT = {"u3": "u"}
ANGLES = {"rx": 1, "ry": 1, "rz": 1, "u3": 3, "rzz": 1}


def channel(rng, kind):
    if kind == "depolarizing":
        return {"channel": kind, "p": float(rng.uniform(0.001, 0.2))}
    if kind == "amplitude_damping":
        return {"channel": kind, "gamma": float(rng.uniform(0.001, 0.3))}
    if kind == "phase_damping":
        return {"channel": kind, "lambda": float(rng.uniform(0.001, 0.3))}
    if kind in ("bit_flip", "phase_flip"):
        return {"channel": kind, "p": float(rng.uniform(0.001, 0.2))}
    t1 = float(rng.uniform(20, 100))
    return {"channel": kind, "t1": t1, "t2": float(rng.uniform(5, 2 * t1)), "time": float(rng.uniform(0.1, 5))}


def noise_spec(rng, case):
    kinds = ["depolarizing", "amplitude_damping", "phase_damping", "bit_flip", "phase_flip", "thermal_relaxation"]
    first = kinds[case % 6]
    spec = {"default": [channel(rng, first)], "gates": {}}
    if case % 7 == 6:
        spec["default"] = [channel(rng, k) for k in ("amplitude_damping", "phase_damping", "depolarizing")]
    if case % 3 == 1:
        spec["gates"]["cx"] = [channel(rng, "depolarizing"), channel(rng, kinds[(case // 3) % 6])]
    if case % 4 == 2:
        spec["gates"]["rz"] = []
        spec["gates"]["cz"] = [channel(rng, kinds[(case // 4) % 6])]
    return spec


def aer_error(c, k):
    kind = c["channel"]
    if kind == "depolarizing":
        return depolarizing_error(c["p"], k)
    if kind == "amplitude_damping":
        e = amplitude_damping_error(c["gamma"])
    elif kind == "phase_damping":
        e = phase_damping_error(c["lambda"])
    elif kind == "bit_flip":
        e = pauli_error([("X", c["p"]), ("I", 1 - c["p"])])
    elif kind == "phase_flip":
        e = pauli_error([("Z", c["p"]), ("I", 1 - c["p"])])
    else:
        e = thermal_relaxation_error(c["t1"], c["t2"], c["time"])
    return e if k == 1 else e.tensor(e)


def aer_noise(spec, used):
    model = NoiseModel()
    for name in used:
        chans = spec["gates"].get(name, spec["default"])
        if not chans:
            continue
        k = 2 if name in TWO else 1
        err = aer_error(chans[0], k)
        for c in chans[1:]:
            err = err.compose(aer_error(c, k))
        model.add_all_qubit_quantum_error(err, [QISKIT.get(name, name)])
    return model


def main():
    rng = np.random.default_rng(20261205)
    cases = []
    sim = AerSimulator(method="density_matrix")
    for case in range(200):
        n = 1 + case % 8
        ops = []
        for _ in range(3 * n + 2):
            two = n >= 2 and rng.uniform() < 0.35
            name = str(rng.choice(TWO if two else ONE))
            qubits = [int(q) for q in rng.choice(n, size=2 if two else 1, replace=False)]
            params = [float(a) for a in rng.uniform(-np.pi, np.pi, size=ANGLES.get(name, 0))]
            ops.append({"gate": name, "qubits": qubits, "params": params})
        spec = noise_spec(rng, case)
        qc = QuantumCircuit(n)
        for op in ops:
            getattr(qc, QISKIT.get(op["gate"], op["gate"]))(*op["params"], *op["qubits"])
        qc.save_density_matrix()
        used = sorted({op["gate"] for op in ops})
        rho = np.asarray(sim.run(qc, noise_model=aer_noise(spec, used)).result().data()["density_matrix"])
        d = 2 ** n
        if n <= 3:
            pairs = [(i, j) for i in range(d) for j in range(d)]
        else:
            pairs = [(int(i), int(i)) for i in rng.choice(d, 16, replace=False)]
            pairs += [(int(i), int(j)) for i, j in zip(rng.integers(0, d, 48), rng.integers(0, d, 48))]
        entries = [[i, j, float(rho[i, j].real), float(rho[i, j].imag)] for i, j in pairs]
        cases.append({"qubits": n, "ops": ops, "noise": spec, "entries": entries})
    with open("noisy-circuits.json", "w") as f:
        json.dump({"generator": "qiskit-aer density_matrix", "cases": cases}, f, separators=(",", ":"))


if __name__ == "__main__":
    main()
