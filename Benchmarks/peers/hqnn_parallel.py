"""Peer of QuantaBench `hqnn`: one HQNN-Parallel training step in PyTorch with PennyLane's
TorchLayer (default.qubit), the way the re-implementation builds the model.

Model: Conv(1->16, 5, pad 2), BatchNorm, ReLU, MaxPool 2, Conv(16->32, 5, pad 2), BatchNorm,
ReLU, MaxPool 2, Linear(1568->120) ReLU, Linear(120->20) ReLU; the 20 features split in four
groups of 5, each through its own qml.qnn.TorchLayer (AngleEmbedding rotation X, 3
BasicEntanglerLayers, <Z> of each qubit), concatenated, Linear(20->10). A step is zero_grad,
forward, cross-entropy, backward, Adam(1e-3) on a batch of 4 (the re-implementation's recipe)
and of 64 uniform 28x28 images; 5 warm-up steps, then --samples samples of >= 0.5 s, median
ms/step (an MNIST epoch of 60,000 images is 60,000 / batch steps). The classical counterpart
(Linear(20->20) and tanh instead of the four circuits) is timed too: the floor the CNN sets.

usage: python hqnn_parallel.py [--threads 1] [--samples 5] [--out FILE]
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

import pennylane as qml  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

torch.set_num_threads(T)
torch.manual_seed(0)


def circuit_layer():
    dev = qml.device("default.qubit", wires=5)

    @qml.qnode(dev, interface="torch")
    def qnode(inputs, weights):
        qml.AngleEmbedding(inputs, wires=range(5), rotation="X")
        qml.BasicEntanglerLayers(weights, wires=range(5))
        return [qml.expval(qml.PauliZ(w)) for w in range(5)]

    return qml.qnn.TorchLayer(qnode, {"weights": (3, 5)})


class HQNNParallel(nn.Module):
    def __init__(self, quantum=True):
        super().__init__()
        self.quantum = quantum
        self.backbone = nn.Sequential(
            nn.Conv2d(1, 16, 5, padding=2), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 5, padding=2), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(1568, 120), nn.ReLU(), nn.Linear(120, 20), nn.ReLU())
        if quantum:
            self.circuits = nn.ModuleList([circuit_layer() for _ in range(4)])
        else:
            self.counterpart = nn.Sequential(nn.Linear(20, 20), nn.Tanh())
        self.head = nn.Linear(20, 10)

    def forward(self, x):
        h = self.backbone(x)
        if not self.quantum:
            return self.head(self.counterpart(h))
        parts = [c(h[:, 5 * i:5 * i + 5]) for i, c in enumerate(self.circuits)]
        return self.head(torch.cat(parts, dim=1))


def measure(batch, quantum):
    torch.manual_seed(0)
    model = HQNNParallel(quantum)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.rand(batch, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))
    loss_fn = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    first = step()
    for _ in range(4):
        step()
    start = time.perf_counter()
    step()
    calls = max(1, int(0.5 / (time.perf_counter() - start)))
    ms = []
    for _ in range(args.samples):
        start = time.perf_counter()
        for _ in range(calls):
            step()
        ms.append((time.perf_counter() - start) / calls * 1e3)
    ms.sort()
    median = ms[len(ms) // 2]
    line = {"workload": "hqnn", "ref": "A3", "case": f"batch={batch}", "threads": T, "median": median, "min": ms[0],
            "max": ms[-1], "unit": "ms/step", "samples": len(ms), "impl": "pennylane.default.qubit+torch" if quantum else "torch classical",
            "calls_per_sample": calls, "epoch_s": median * 60000 / batch / 1e3,
            "parameters": sum(p.numel() for p in model.parameters()),
            "versions": {"pennylane": qml.__version__, "torch": torch.__version__}, "check_loss_step0": first,
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
    print(json.dumps(line))
    if args.out:
        with open(args.out, "a") as f:
            f.write(json.dumps(line) + "\n")


for quantum in (True, False):
    for b in (4, 64):
        measure(b, quantum)
