#!/usr/bin/env python3
"""Cross-checks Quanta's OpenQASM import/export against Qiskit (not part of the test suite).

A. Quanta -> Qiskit: random Quanta circuits (every gate kind, controls, adjoints, dense and
   diagonal unitaries, symbolic parameters) exported by tools/qasm-samples to OpenQASM 2
   (bound) and 3 (symbolic `input float[64]`), loaded with qiskit.qasm2.loads /
   qiskit.qasm3.loads; the Qiskit Statevector is compared with Quanta's.
B. Qiskit -> Quanta: random circuits from qiskit.circuit.random.random_circuit plus
   parameterised, nested user-defined gates, written with qiskit.qasm2.dumps (and
   qasm3.dumps), simulated with `quanta simulate FILE --statevector --json` (complex128).
C. Hand-written OpenQASM 2 with parameter expressions inside nested gate definitions, read by
   qiskit.qasm2.loads and by `quanta simulate`.
D. Random OpenQASM 2 programs with mid-circuit measure, reset and `if (c == v)`: counts of
   `quanta simulate --shots 20000` against Qiskit Aer's (total variation distance <= 0.05).

Usage:
  /work/peers/.venv/bin/python tools/qiskit_check.py --quanta PATH/TO/quanta --samples DIR [--count N]
(DIR from: tools/qasm-samples/.build/release/qasm-samples DIR N SEED). Prints one JSON line
per part with counts and the worst fidelity / largest amplitude difference; exits 1 on any
fidelity below 1 - 1e-10.
"""
import argparse, json, os, subprocess, sys, tempfile
import numpy as np
from qiskit import QuantumCircuit, qasm2, qasm3
from qiskit.circuit import Parameter
from qiskit.circuit.random import random_circuit
from qiskit.quantum_info import Statevector

THRESHOLD = 1e-10


def fidelity(a, b):
    a = np.asarray(a, dtype=complex); b = np.asarray(b, dtype=complex)
    return abs(np.vdot(a, b)) ** 2 / (np.vdot(a, a).real * np.vdot(b, b).real)


def part_a(samples):
    manifest = json.load(open(os.path.join(samples, "manifest.json")))
    out = {}
    for version in ("v2", "v3"):
        worst_f, worst_diff, n, failures = 1.0, 0.0, 0, []
        for s in manifest:
            text = open(os.path.join(samples, f"{s['id']}_{version}.qasm")).read()
            want = np.array([complex(r, i) for r, i in s["statevector"]])
            try:
                if version == "v2":
                    circ = qasm2.loads(text)
                else:
                    circ = qasm3.loads(text)
                    binding = {p: s["inputs"][p.name] for p in circ.parameters}
                    circ = circ.assign_parameters(binding)
                got = Statevector(circ).data
            except Exception as e:  # noqa: BLE001 - report every failure
                failures.append(f"{s['id']}: {type(e).__name__}: {e}")
                continue
            n += 1
            f = fidelity(want, got)
            worst_f = min(worst_f, f)
            worst_diff = max(worst_diff, float(np.max(np.abs(want - got))))
            if f < 1 - THRESHOLD:
                failures.append(f"{s['id']}: fidelity {f}")
        out[version] = {"circuits": len(manifest), "loaded": n, "min_fidelity": worst_f,
                        "max_abs_amplitude_diff": worst_diff, "failures": failures[:10], "failure_count": len(failures)}
    return out


def custom_gate_circuit(rng, n):
    a, b = Parameter("a"), Parameter("b")
    inner = QuantumCircuit(2, name="inner")
    inner.rx(a, 0); inner.cx(0, 1); inner.u(b, a / 2, -b, 1); inner.rzz(a - 2 * b, 0, 1)
    outer = QuantumCircuit(3, name="outer")
    outer.h(0)
    outer.append(inner.to_gate(), [0, 2])
    outer.append(inner.to_gate(), [2, 1])
    outer.cry(b * 3, 1, 0)
    qc = QuantumCircuit(n)
    for q in range(n):
        qc.u(*rng.uniform(-3, 3, 3), q)
    for _ in range(3):
        qs = [int(x) for x in rng.choice(n, 3, replace=False)]
        qc.append(outer.to_gate(), qs)
    return qc.assign_parameters({a: float(rng.uniform(-3, 3)), b: float(rng.uniform(-3, 3))})


def run_quanta(quanta, text):
    with tempfile.NamedTemporaryFile("w", suffix=".qasm", delete=False) as f:
        f.write(text); path = f.name
    try:
        r = subprocess.run([quanta, "simulate", path, "--statevector", "--json"], capture_output=True, text=True, timeout=120)
    finally:
        os.unlink(path)
    if r.returncode != 0:
        raise RuntimeError(r.stderr.strip())
    return np.array([complex(re, im) for re, im in json.loads(r.stdout)["statevector"]])


def part_b(quanta, count, seed):
    rng = np.random.default_rng(seed)
    out = {}
    for version, dumps in (("qasm2", qasm2.dumps), ("qasm3", qasm3.dumps)):
        worst_f, n, failures, kinds = 1.0, 0, [], set()
        for i in range(count):
            nq = int(rng.integers(1, 7))
            if i % 4 == 3:
                qc = custom_gate_circuit(rng, max(nq, 3))
            else:
                qc = random_circuit(nq, int(rng.integers(1, 8)), max_operands=min(nq, 4), seed=int(rng.integers(1 << 30)))
            kinds.update(inst.operation.name for inst in qc.data)
            try:
                text = dumps(qc)
            except Exception as e:  # noqa: BLE001 - Qiskit cannot write some gates in OpenQASM 2
                failures.append(f"dumps {i}: {type(e).__name__}: {e}")
                continue
            try:
                got = run_quanta(quanta, text)
            except Exception as e:  # noqa: BLE001
                failures.append(f"quanta {i}: {e}")
                continue
            n += 1
            f = fidelity(Statevector(qc).data, got)
            worst_f = min(worst_f, f)
            if f < 1 - THRESHOLD:
                failures.append(f"{i}: fidelity {f}\n{text}")
        out[version] = {"circuits": count, "simulated": n, "min_fidelity": worst_f, "gate_kinds": len(kinds),
                        "failures": failures[:5], "failure_count": len(failures)}
    return out


PARAMETRIC_GATES = """gate rot(t, p) a { u3(t/2 + p^2, -p, sin(t)*cos(p)) a; rz(-(t - 2*p)/3) a; }
gate ent(t) a, b { rot(t, t/4) a; cx a, b; rot(-t, exp(t/5) - ln(2)) b; crz(sqrt(abs_t) * t) b, a; }
gate deep(t, s) a, b, c { ent(t*s) a, b; ent(-s) b, c; rot(pi/t, s) c; ccx a, b, c; }
"""


def part_c(quanta, count, seed):
    """Hand-written OpenQASM 2 with parameter expressions in nested gate bodies, read by both."""
    rng = np.random.default_rng(seed)
    worst_f, n, failures = 1.0, 0, []
    for i in range(count):
        nq = int(rng.integers(3, 7))
        lines = ["OPENQASM 2.0;", 'include "qelib1.inc";',
                 PARAMETRIC_GATES.replace("abs_t", f"{rng.uniform(0.5, 2):.6f}"), f"qreg q[{nq}];"]
        for _ in range(int(rng.integers(3, 12))):
            qs = [int(x) for x in rng.choice(nq, 3, replace=False)]
            t, s2 = rng.uniform(0.3, 3, 2)
            kind = int(rng.integers(3))
            if kind == 0:
                lines.append(f"rot({t:.10f}, {s2:.10f}) q[{qs[0]}];")
            elif kind == 1:
                lines.append(f"ent({t:.10f}) q[{qs[0]}], q[{qs[1]}];")
            else:
                lines.append(f"deep({t:.10f}, -{s2:.10f}) q[{qs[0]}], q[{qs[1]}], q[{qs[2]}];")
        text = "\n".join(lines) + "\n"
        try:
            want = Statevector(qasm2.loads(text)).data
            got = run_quanta(quanta, text)
        except Exception as e:  # noqa: BLE001
            failures.append(f"{i}: {e}")
            continue
        n += 1
        f = fidelity(want, got)
        worst_f = min(worst_f, f)
        if f < 1 - THRESHOLD:
            failures.append(f"{i}: fidelity {f}\n{text}")
    return {"circuits": count, "simulated": n, "min_fidelity": worst_f, "failures": failures[:5], "failure_count": len(failures)}


def dynamic_program(rng, n):
    """Random OpenQASM 2 with mid-circuit measurement, reset and `if (c == v)`, measured at the end."""
    lines = ["OPENQASM 2.0;", 'include "qelib1.inc";', f"qreg q[{n}];", f"creg c[{n}];"]
    for _ in range(int(rng.integers(4, 10))):
        k = int(rng.integers(6))
        a, b = (int(x) for x in rng.choice(n, 2, replace=False))
        t = rng.uniform(-3, 3)
        if k == 0:
            lines.append(f"u3({t:.6f},{rng.uniform(-3, 3):.6f},{rng.uniform(-3, 3):.6f}) q[{a}];")
        elif k == 1:
            lines.append(f"cx q[{a}],q[{b}];")
        elif k == 2:
            lines.append(f"measure q[{a}] -> c[{int(rng.integers(n))}];")
        elif k == 3:
            lines.append(f"reset q[{a}];")
        elif k == 4:
            lines.append(f"if (c == {int(rng.integers(1 << n))}) ry({t:.6f}) q[{a}];")
        else:
            lines.append(f"h q[{a}];")
    lines.append("measure q -> c;")
    return "\n".join(lines) + "\n"


def part_d(quanta, count, seed, shots=20000):
    """Mid-circuit measurement: `quanta simulate --shots` counts against Qiskit Aer (total variation distance)."""
    from qiskit_aer import AerSimulator
    rng = np.random.default_rng(seed)
    worst, failures = 0.0, []
    for i in range(count):
        text = dynamic_program(rng, int(rng.integers(2, 5)))
        with tempfile.NamedTemporaryFile("w", suffix=".qasm", delete=False) as f:
            f.write(text); path = f.name
        try:
            r = subprocess.run([quanta, "simulate", path, "--shots", str(shots), "--seed", str(i), "--json"],
                               capture_output=True, text=True, timeout=300)
        finally:
            os.unlink(path)
        if r.returncode != 0:
            failures.append(f"{i}: {r.stderr.strip()}"); continue
        ours = json.loads(r.stdout)["counts"]
        aer = AerSimulator().run(qasm2.loads(text), shots=shots, seed_simulator=i + 1).result().get_counts()
        keys = set(ours) | set(aer)
        tvd = 0.5 * sum(abs(ours.get(k, 0) - aer.get(k, 0)) for k in keys) / shots
        worst = max(worst, tvd)
        if tvd > 0.05:
            failures.append(f"{i}: total variation distance {tvd:.4f}\n{text}")
    return {"programs": count, "shots": shots, "max_total_variation_distance": worst, "failures": failures[:5],
            "failure_count": len(failures)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quanta", required=True)
    ap.add_argument("--samples", required=True)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    a = part_a(args.samples)
    print(json.dumps({"part": "A quanta-export -> qiskit", **a}))
    b = part_b(args.quanta, args.count, args.seed)
    print(json.dumps({"part": "B qiskit -> quanta simulate", **b}))
    c = part_c(args.quanta, max(20, args.count // 4), args.seed + 1)
    print(json.dumps({"part": "C parametric nested qasm2 gates -> quanta simulate", **c}))
    d = part_d(args.quanta, max(10, args.count // 10), args.seed + 2)
    print(json.dumps({"part": "D mid-circuit measurement: quanta --shots vs Qiskit Aer", **d}))
    bad = [v for v in list(a.values()) + [b["qasm2"], c, d] if v["failure_count"] or v.get("min_fidelity", 1) < 1 - THRESHOLD]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
