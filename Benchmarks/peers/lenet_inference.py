"""Peer of QuantaBench `lenetinfer`: fp32 LeNet-5 inference in ONNX Runtime and PyTorch (eval,
no_grad) on the same weights and images, batches 1, 32 and 256.

Reads the safetensors file QuantaBench wrote (weights with Quanta's names, which are PyTorch's
nn.Sequential indices, `images` and Quanta's `logits`), exports the network to ONNX (dynamic
batch) and times `session.run` and `net(x)`: 3 warm-up calls, calls per sample calibrated to
>= --min-time seconds, --samples samples, median ms/batch. ONNX Runtime runs with
intra_op_num_threads = T, one inter-op thread, sequential execution, all graph optimisations.
`check_max_abs_diff` compares each peer's logits of the 256 images with Quanta's.

usage: python lenet_inference.py [--threads 1] [--file F] [--samples 7] [--min-time 0.3] [--out FILE]
One process per thread count (the runtimes fix their pools at start): pass one count.
"""
import argparse
import datetime
import json
import os
import sys
import tempfile
import time

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--file", default=os.environ.get("QUANTA_LENET_FILE", "/tmp/quanta-lenet5-inference.safetensors"))
ap.add_argument("--samples", type=int, default=7)
ap.add_argument("--min-time", type=float, default=0.3)
ap.add_argument("--out", help="also append the JSON lines to this file")
args = ap.parse_args()
T = args.threads
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = str(T)

import numpy as np  # noqa: E402
import safetensors_file  # noqa: E402
import onnxruntime as ort  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(T)
torch.set_num_interop_threads(1)


tensors = safetensors_file.read(args.file)
nn = torch.nn
net = nn.Sequential(
    nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
state = {k: torch.from_numpy(v.copy()) for k, v in tensors.items() if k not in ("images", "logits")}
net.load_state_dict(state)
net.eval()
images = tensors["images"].copy()
reference = tensors["logits"]

onnx_path = os.path.join(tempfile.mkdtemp(), "lenet5.onnx")
with torch.no_grad():
    torch.onnx.export(net, torch.from_numpy(images[:1]), onnx_path, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=17, dynamo=False)
options = ort.SessionOptions()
options.intra_op_num_threads = T
options.inter_op_num_threads = 1
options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
session = ort.InferenceSession(onnx_path, options, providers=["CPUExecutionProvider"])


def run_ort(x):
    return session.run(["y"], {"x": x})[0]


def run_torch(x):
    with torch.no_grad():
        return net(x)


def timed(fn, x):
    for _ in range(3):
        fn(x)
    t0 = time.perf_counter()
    fn(x)
    one = max(time.perf_counter() - t0, 1e-9)
    calls = max(1, int(args.min_time / one + 0.999))
    samples = []
    for _ in range(args.samples):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn(x)
        samples.append((time.perf_counter() - t0) / calls * 1e3)
    return sorted(samples), calls


checks = {
    "onnxruntime": float(np.abs(run_ort(images) - reference).max()),
    "torch": float(np.abs(run_torch(torch.from_numpy(images)).numpy() - reference).max()),
}
lines = []
for batch in (1, 32, 256):
    x = np.ascontiguousarray(images[:batch])
    for impl, fn, arg in (("onnxruntime", run_ort, x), ("torch", run_torch, torch.from_numpy(x))):
        ms, calls = timed(fn, arg)
        median = ms[len(ms) // 2]
        lines.append({
            "workload": "lenetinfer", "ref": "W6", "case": f"batch={batch}", "threads": T,
            "median": median, "min": ms[0], "max": ms[-1], "unit": "ms/batch", "samples": len(ms),
            "spread_pct": (ms[-1] - ms[0]) / median * 100, "impl": impl, "calls_per_sample": calls,
            "version": ort.__version__ if impl == "onnxruntime" else torch.__version__,
            "check_max_abs_diff": checks[impl],
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        })
for line in lines:
    text = json.dumps(line)
    print(text)
    if args.out:
        with open(args.out, "a") as f:
            f.write(text + "\n")
