"""Peer of QuantaBench `qlstm`: one training epoch of a QLSTM in PyTorch with PennyLane
(default.qubit, TorchLayer), written the way the QLSTM reference code (Chen et al., and the
widely used PyTorch port) writes it: one VQC per LSTM gate, the cell looped over the time steps.

Model (the same as Quanta's `--model qlstm --qubits 4 --layers 1`): per gate (forget, input,
update, output) Linear(1 + 4 -> 4) on [x_t, h_{t-1}], the VQC (H on each qubit, RY(arctan v_i),
RZ(arctan v_i^2); one layer of CNOT(i, i+1) and CNOT(i, i+2) rings and Rot(a, b, c) per qubit;
<Z> of each qubit), Linear(4 -> 4); LSTM update; the last hidden state -> Linear(4 -> 1).
Data: the damped pendulum's angular velocity (b = 0.15, g = 9.81, theta'(0) = 3, 240 points on
[0, 20], scipy odeint) min-max scaled to [-1, 1], windows of 4 predicting the 5th, the first
67 % for training (157 windows), batch 10 (16 steps), MSE, RMSprop(lr 0.01). An epoch is
timed after one warm-up epoch, --samples times, median seconds.

usage: python qlstm.py [--threads 1] [--samples 3] [--out FILE]
"""
import argparse
import datetime
import json
import os
import time

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--samples", type=int, default=3)
ap.add_argument("--out")
args = ap.parse_args()
T = args.threads
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = str(T)

import numpy as np  # noqa: E402
import pennylane as qml  # noqa: E402
import torch  # noqa: E402
from scipy.integrate import odeint  # noqa: E402
from torch import nn  # noqa: E402

torch.set_num_threads(T)
torch.manual_seed(0)
QUBITS, LAYERS, HIDDEN, WINDOW = 4, 1, 4, 4


def pendulum_windows():
    def system(s, t):
        return [s[1], -0.15 * s[1] - 9.81 * np.sin(s[0])]
    velocity = odeint(system, [0, 3], np.linspace(0, 20, 240))[:, 1]
    lo, hi = velocity.min(), velocity.max()
    data = 2 * (velocity - lo) / (hi - lo) - 1
    x = np.array([data[i:i + WINDOW] for i in range(len(data) - WINDOW - 1)])
    y = np.array([data[i + WINDOW] for i in range(len(data) - WINDOW - 1)])
    n = int(0.67 * len(x))
    return torch.tensor(x[:n]).float().unsqueeze(2), torch.tensor(y[:n]).float().unsqueeze(1)


def vqc():
    dev = qml.device("default.qubit", wires=QUBITS)

    @qml.qnode(dev, interface="torch")
    def circuit(inputs, weights):
        for i in range(QUBITS):
            qml.Hadamard(wires=i)
            qml.RY(torch.arctan(inputs[..., i]), wires=i)
            qml.RZ(torch.arctan(inputs[..., i] ** 2), wires=i)
        for layer in range(LAYERS):
            for i in range(QUBITS):
                qml.CNOT(wires=[i, (i + 1) % QUBITS])
            for i in range(QUBITS):
                qml.CNOT(wires=[i, (i + 2) % QUBITS])
            for i in range(QUBITS):
                qml.Rot(*weights[layer, i], wires=i)
        return [qml.expval(qml.PauliZ(i)) for i in range(QUBITS)]

    return qml.qnn.TorchLayer(circuit, {"weights": (LAYERS, QUBITS, 3)})


class QLSTM(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = nn.ModuleList([nn.Linear(1 + HIDDEN, QUBITS) for _ in range(4)])
        self.vqc = nn.ModuleList([vqc() for _ in range(4)])
        self.outer = nn.ModuleList([nn.Linear(QUBITS, HIDDEN) for _ in range(4)])
        self.head = nn.Linear(HIDDEN, 1)

    def gate(self, k, v):
        return self.outer[k](self.vqc[k](self.inner[k](v)))

    def forward(self, x):
        batch, steps, _ = x.shape
        h = torch.zeros(batch, HIDDEN)
        c = torch.zeros(batch, HIDDEN)
        for t in range(steps):
            v = torch.cat([x[:, t, :], h], dim=1)
            f = torch.sigmoid(self.gate(0, v))
            i = torch.sigmoid(self.gate(1, v))
            g = torch.tanh(self.gate(2, v))
            o = torch.sigmoid(self.gate(3, v))
            c = f * c + i * g
            h = o * torch.tanh(c)
        return self.head(h)


x, y = pendulum_windows()
model = QLSTM()
opt = torch.optim.RMSprop(model.parameters(), lr=0.01, alpha=0.99, eps=1e-8)
loss_fn = nn.MSELoss()


def epoch():
    losses = []
    for start in range(0, len(x), 10):
        opt.zero_grad()
        loss = loss_fn(model(x[start:start + 10]), y[start:start + 10])
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return float(np.mean(losses))


first = epoch()
seconds = []
for _ in range(args.samples):
    start = time.perf_counter()
    epoch()
    seconds.append(time.perf_counter() - start)
seconds.sort()
line = {"workload": "qlstm", "ref": "A4", "case": "pendulum window=4", "threads": T, "median": seconds[len(seconds) // 2],
        "min": seconds[0], "max": seconds[-1], "unit": "s/epoch", "samples": len(seconds), "impl": "pennylane.default.qubit+torch",
        "windows": len(x), "steps_per_epoch": (len(x) + 9) // 10, "parameters": sum(p.numel() for p in model.parameters()),
        "check_loss_epoch0": first, "versions": {"pennylane": qml.__version__, "torch": torch.__version__},
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
print(json.dumps(line))
if args.out:
    with open(args.out, "a") as f:
        f.write(json.dumps(line) + "\n")
