"""Peer of QuantaBench `inputgrad`: the input gradient an adversarial attack needs, for a
10-qubit classifier in PennyLane (default.qubit, torch interface, diff_method="backprop",
the batch broadcast through the circuit).

Circuit (Quanta's `Encoders.angle(features: 10, axis: .y, scale: pi) + Templates.rotationsCZ(10, 4)`):
RY(pi * x_i) on qubit i, then 4 layers of RZ, RX, RZ on every qubit and CZ on (0,1),(2,3),...
then (1,2),(3,4),...; <Z0>, <Z1> as logits; softmax cross-entropy with labels i % 2; dL/dx for a
batch of 256 uniform [0, 1) inputs. 2 warm-up calls, then --samples samples of >= 0.5 s, median ms.

usage: python input_gradient.py [--threads 1] [--samples 5] [--out FILE]
"""
import argparse
import datetime
import json
import os
import time

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--samples", type=int, default=5)
ap.add_argument("--out")
args = ap.parse_args()
T = args.threads
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = str(T)

import numpy as np  # noqa: E402
import pennylane as qml  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(T)
N, LAYERS, BATCH = 10, 4, 256
dev = qml.device("default.qubit", wires=N)


@qml.qnode(dev, interface="torch", diff_method="backprop")
def classifier(x, w):
    for i in range(N):
        qml.RY(np.pi * x[..., i], wires=i)
    for layer in range(LAYERS):
        for q in range(N):
            qml.RZ(w[layer, q, 0], wires=q)
            qml.RX(w[layer, q, 1], wires=q)
            qml.RZ(w[layer, q, 2], wires=q)
        for q in range(0, N - 1, 2):
            qml.CZ(wires=[q, q + 1])
        for q in range(1, N - 1, 2):
            qml.CZ(wires=[q, q + 1])
    return qml.expval(qml.PauliZ(0)), qml.expval(qml.PauliZ(1))


torch.manual_seed(0)
w = torch.rand(LAYERS, N, 3, dtype=torch.float64) * 2 * np.pi
x0 = torch.rand(BATCH, N, dtype=torch.float64)
labels = torch.arange(BATCH) % 2


def gradient():
    x = x0.clone().requires_grad_(True)
    z0, z1 = classifier(x, w)
    loss = torch.nn.functional.cross_entropy(torch.stack([z0, z1], dim=1), labels)
    loss.backward()
    return x.grad


check = float(gradient()[0, 0])
gradient()
start = time.perf_counter()
gradient()
calls = max(1, int(0.5 / (time.perf_counter() - start)))
ms = []
for _ in range(args.samples):
    start = time.perf_counter()
    for _ in range(calls):
        gradient()
    ms.append((time.perf_counter() - start) / calls * 1e3)
ms.sort()
line = {"workload": "inputgrad", "ref": "A11", "case": "n=10 layers=4 batch=256", "threads": T, "median": ms[len(ms) // 2],
        "min": ms[0], "max": ms[-1], "unit": "ms", "samples": len(ms), "impl": "pennylane.default.qubit backprop+torch",
        "calls_per_sample": calls, "check_grad": check, "versions": {"pennylane": qml.__version__, "torch": torch.__version__},
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
print(json.dumps(line))
if args.out:
    with open(args.out, "a") as f:
        f.write(json.dumps(line) + "\n")
