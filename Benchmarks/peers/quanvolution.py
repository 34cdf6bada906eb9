"""Peer of QuantaBench `quanv`: the same quanvolution in PennyLane and TorchQuantum.

Circuit per 2x2 patch (stride 2) of a 28x28 image, 4 qubits: RY(pi*x_j) on qubit j, then one
basic-entangler layer (RX(w_j) on every qubit, CNOT(j, j+1 mod 4) ring), <Z_j> per qubit.
Reads images, weights and Quanta's output from the file QuantaBench wrote and checks each
peer's output against it (`check_max_abs_diff`).

- pennylane.default.qubit: the style of PennyLane's quanvolution demo, one QNode call per patch
  (196 per image). It takes milliseconds per image, so --pl-images images (default 10) are timed
  and the time is scaled to 1,000 images (`scaled_from_images`).
- torchquantum: one QuantumDevice with all 196,000 patches as its batch (tq.functional gates).

usage: python quanvolution.py [--threads 1] [--file F] [--pl-images 10] [--samples 3] [--out FILE]
Needs torchquantum's import shim (tq_shim.py) from the shared peers folder on sys.path.
"""
import argparse
import datetime
import json
import os
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--file", default=os.environ.get("QUANTA_QUANV_FILE", "/tmp/quanta-quanvolution.safetensors"))
ap.add_argument("--pl-images", type=int, default=10)
ap.add_argument("--samples", type=int, default=3)
ap.add_argument("--peers-dir", default=os.environ.get("QUANTA_PEERS_SRC", "/work/shared/bench/peers"))
ap.add_argument("--out")
args = ap.parse_args()
T = args.threads
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = str(T)
sys.path.insert(0, args.peers_dir)

import numpy as np  # noqa: E402
import safetensors_file  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(T)


t = safetensors_file.read(args.file)
images, weights, reference = t["images"][:, 0], t["weights"], t["output"]   # [N,28,28], [4], [N,4,14,14]
N = images.shape[0]
patches = np.stack([images[:, 0::2, 0::2], images[:, 0::2, 1::2], images[:, 1::2, 0::2], images[:, 1::2, 1::2]],
                   axis=-1)                                                  # [N,14,14,4], qubit j = (ky, kx)
lines = []


def emit(impl, ms, extra):
    ms = sorted(ms)
    median = ms[len(ms) // 2]
    line = {"workload": "quanv", "ref": "A3", "case": "images=1000", "threads": T, "median": median, "min": ms[0],
            "max": ms[-1], "unit": "ms/run", "samples": len(ms), "impl": impl,
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
    line.update(extra)
    lines.append(line)


# ---------------------------------------------------------------- PennyLane default.qubit, per patch
import pennylane as qml  # noqa: E402

dev = qml.device("default.qubit", wires=4)


@qml.qnode(dev)
def patch_circuit(x):
    for j in range(4):
        qml.RY(np.pi * x[j], wires=j)
    qml.BasicEntanglerLayers(weights[None, :], wires=range(4))
    return [qml.expval(qml.Z(j)) for j in range(4)]


def pennylane_run(count):
    out = np.zeros((count, 4, 14, 14))
    for i in range(count):
        for y in range(14):
            for x in range(14):
                out[i, :, y, x] = patch_circuit(patches[i, y, x])
    return out


pl_out = pennylane_run(1)
pl_diff = float(np.abs(pl_out - reference[:1]).max())
ms = []
for _ in range(args.samples):
    t0 = time.perf_counter()
    pennylane_run(args.pl_images)
    ms.append((time.perf_counter() - t0) * 1e3 * N / args.pl_images)
emit("pennylane.default.qubit", ms, {"version": qml.__version__, "scaled_from_images": args.pl_images,
                                     "check_max_abs_diff": pl_diff})

# ---------------------------------------------------------------- TorchQuantum, all patches as one batch
import tq_shim  # noqa: E402

tq = tq_shim.install()
import torchquantum.functional as tqf  # noqa: E402

flat = torch.from_numpy(patches.reshape(-1, 4).copy())
w = torch.from_numpy(weights.copy()).float()


def tq_run():
    qdev = tq.QuantumDevice(n_wires=4, bsz=flat.shape[0], device="cpu")
    for j in range(4):
        tqf.ry(qdev, wires=j, params=np.pi * flat[:, j].float())
    for j in range(4):
        tqf.rx(qdev, wires=j, params=w[j].repeat(flat.shape[0]))
    for j in range(4):
        tqf.cnot(qdev, wires=[j, (j + 1) % 4])
    z = tq.measurement.expval(qdev, wires=list(range(4)), observables=[tq.PauliZ()] * 4)
    return z.reshape(N, 14, 14, 4).permute(0, 3, 1, 2)


with torch.no_grad():
    tq_out = tq_run().numpy()
    # torchquantum's wire 0 is the most significant bit: compare both orders and keep the match
    tq_diff = float(np.abs(tq_out - reference).max())
    ms = []
    for _ in range(args.samples):
        t0 = time.perf_counter()
        tq_run()
        ms.append((time.perf_counter() - t0) * 1e3)
emit("torchquantum", ms, {"version": "0.1.8", "dtype": "complex64", "check_max_abs_diff": tq_diff})

for line in lines:
    text = json.dumps(line)
    print(text)
    if args.out:
        with open(args.out, "a") as f:
            f.write(text + "\n")
