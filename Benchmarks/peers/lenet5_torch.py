"""W6 peer: one LeNet-5 training step in PyTorch (CPU), timed like QuantaBench's `lenet`.

LeNet-5: Conv2d(1,6,5) -> ReLU -> MaxPool2 -> Conv2d(6,16,5) -> ReLU -> MaxPool2 -> Flatten(256)
-> Linear(256,120) -> ReLU -> Linear(120,84) -> ReLU -> Linear(84,10); a batch of 128 images
28x28x1 (numpy default_rng(0): uniform(0,1) images, integers(0,10) labels), softmax
cross-entropy, Adam(lr=1e-3). One step = zero_grad, forward, loss, backward, step.
Timing (as shared bench/peers/w6_lenet.py): 20 warm-up steps, k steps per sample with
k calibrated so one sample takes >= 0.5 s, 7 samples, median ms/step.

usage: python lenet5_torch.py [--threads 1,2] [--samples 7] [--min-time 0.5] [--out FILE]
Prints one JSON line per thread count with QuantaBench's fields (median/min/max in ms/step).
Thread counts after the first run in fresh subprocesses, since torch fixes some pools at start.
"""
import argparse
import datetime
import json
import os
import subprocess
import sys
import time

ap = argparse.ArgumentParser()
ap.add_argument("--threads", default="1", help="comma-separated thread counts, e.g. 1,2")
ap.add_argument("--samples", type=int, default=7)
ap.add_argument("--min-time", type=float, default=0.5)
ap.add_argument("--warmup", type=int, default=20)
ap.add_argument("--batch", type=int, default=128)
ap.add_argument("--out", help="also append the JSON lines to this file")
args = ap.parse_args()
counts = [int(t) for t in args.threads.split(",")]
if len(counts) > 1:
    # One process per thread count: the BLAS/OpenMP runtimes read their thread
    # variables once, at import.
    argv, skip = [], False
    for a in sys.argv[1:]:
        if skip or a.startswith("--threads="):
            skip = False
        elif a == "--threads":
            skip = True
        else:
            argv.append(a)
    rc = 0
    for t in counts:
        rc |= subprocess.call([sys.executable, os.path.abspath(__file__), "--threads", str(t)] + argv)
    sys.exit(rc)

T = counts[0]
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = str(T)
os.environ.setdefault("TORCH_NUM_INTEROP_THREADS", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(T)
torch.manual_seed(0)
nn = torch.nn
net = nn.Sequential(
    nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
rng = np.random.default_rng(0)
x = torch.tensor(rng.uniform(0, 1, size=(args.batch, 1, 28, 28)), dtype=torch.float32)
y = torch.tensor(rng.integers(0, 10, size=args.batch))
lossf = nn.CrossEntropyLoss()


def step():
    opt.zero_grad()
    loss = lossf(net(x), y)
    loss.backward()
    opt.step()
    return loss


loss0 = step().item()  # check value: loss of the first step (initial weights)
for _ in range(args.warmup - 1):
    step()
# Calibrate like QuantaBench's Timing.calibrate: k steps so one sample takes >= min-time.
t0 = time.perf_counter(); step(); one = time.perf_counter() - t0
k = max(1, int(np.ceil(args.min_time / one)))
t0 = time.perf_counter()
for _ in range(k):
    step()
check = time.perf_counter() - t0
if check < args.min_time:
    k = max(k, int(np.ceil(k * 1.05 * args.min_time / check)))
samples = []
for _ in range(args.samples):
    t0 = time.perf_counter()
    for _ in range(k):
        last = step()
    samples.append((time.perf_counter() - t0) / k)
ms = sorted(s * 1e3 for s in samples)
med = float(np.median(ms))
line = {
    "workload": "lenet", "ref": "W6", "case": f"batch={args.batch}", "threads": T,
    "median": med, "min": ms[0], "max": ms[-1], "unit": "ms/step", "samples": len(ms),
    "spread_pct": 100 * (ms[-1] - ms[0]) / med, "impl": "torch", "version": torch.__version__,
    "calls_per_sample": k, "images_per_s": args.batch / (med / 1e3),
    "check_loss_step0": loss0, "check_loss_last": last.item(),
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
}
text = json.dumps(line)
print(text, flush=True)
if args.out:
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "a") as f:
        f.write(text + "\n")
