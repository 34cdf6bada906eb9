"""Peer of QuantaBench `int8resnet`: ResNet-20 inference at batch 256 in ONNX Runtime, fp32 and
int8 (static quantization: QDQ, per-channel int8 weights, uint8 activations, calibrated on the
same 256 images), on the weights QuantaBench wrote.

Reads the safetensors file of `int8resnet` (parameters and BatchNorm statistics with Quanta's
names, which are PyTorch's, `images`, Quanta's fp32 `logits`), rebuilds the network in PyTorch,
checks its logits against Quanta's, exports it to ONNX (opset 17), quantizes it with
onnxruntime.quantization.quantize_static and times `session.run`: 3 warm-up calls, calls per
sample calibrated to >= --min-time seconds, --samples samples, median ms/batch. Sessions run with
intra_op_num_threads = T, one inter-op thread, all graph optimisations.

usage: python resnet_int8.py [--threads 1] [--file F] [--samples 7] [--min-time 0.5] [--out FILE]
"""
import argparse
import datetime
import json
import os
import tempfile
import time

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--file", default=os.environ.get("QUANTA_RESNET_FILE", "/tmp/quanta-resnet20-inference.safetensors"))
ap.add_argument("--samples", type=int, default=7)
ap.add_argument("--min-time", type=float, default=0.5)
ap.add_argument("--out", help="also append the JSON lines to this file")
args = ap.parse_args()
T = args.threads
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = str(T)

import numpy as np  # noqa: E402
import onnxruntime as ort  # noqa: E402
import safetensors_file  # noqa: E402
import torch  # noqa: E402
from onnxruntime.quantization import (CalibrationDataReader, QuantFormat, QuantType,  # noqa: E402
                                      quantize_static)
from onnxruntime.quantization.shape_inference import quant_pre_process  # noqa: E402

torch.set_num_threads(T)
nn = torch.nn


class Residual(nn.Module):
    """Quanta's Residual: body(x) + shortcut(x) (or x), then ReLU; children body/shortcut/activation."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(),
                                  nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout))
        self.shortcut = None
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
        self.activation = nn.ReLU()

    def forward(self, x):
        return self.activation(self.body(x) + (x if self.shortcut is None else self.shortcut(x)))


def resnet20(side, classes=10):
    layers = [nn.Conv2d(1, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU()]
    width = 16
    for stage, channels in enumerate((16, 32, 64)):
        for block in range(3):
            layers.append(Residual(width, channels, 2 if stage > 0 and block == 0 else 1))
            width = channels
    layers += [nn.AvgPool2d((side + 3) // 4), nn.Flatten(), nn.Linear(64, classes)]
    return nn.Sequential(*layers)


tensors = safetensors_file.read(args.file)
images = np.ascontiguousarray(tensors["images"])
reference = tensors["logits"]
net = resnet20(images.shape[-1])
state = {k: torch.from_numpy(v.copy()) for k, v in tensors.items() if k not in ("images", "logits")}
missing = net.load_state_dict(state, strict=False)
assert not missing.unexpected_keys, missing.unexpected_keys
net.eval()
with torch.no_grad():
    torch_diff = float(np.abs(net(torch.from_numpy(images)).numpy() - reference).max())

folder = tempfile.mkdtemp()
fp32_path = os.path.join(folder, "resnet20.onnx")
with torch.no_grad():
    torch.onnx.export(net, torch.from_numpy(images[:1]), fp32_path, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, opset_version=17, dynamo=False)
prepared = os.path.join(folder, "resnet20-prepared.onnx")
quant_pre_process(fp32_path, prepared)


class Images(CalibrationDataReader):
    def __init__(self):
        self.batches = iter([{"x": images[i:i + 32]} for i in range(0, len(images), 32)])

    def get_next(self):
        return next(self.batches, None)


int8_path = os.path.join(folder, "resnet20-int8.onnx")
quantize_static(prepared, int8_path, Images(), quant_format=QuantFormat.QDQ, per_channel=True,
                activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8)

options = ort.SessionOptions()
options.intra_op_num_threads = T
options.inter_op_num_threads = 1
options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
sessions = {name: ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
            for name, path in (("onnxruntime.fp32", fp32_path), ("onnxruntime.int8", int8_path))}


def timed(session, x):
    run = lambda: session.run(["y"], {"x": x})  # noqa: E731
    for _ in range(3):
        run()
    t0 = time.perf_counter()
    run()
    one = max(time.perf_counter() - t0, 1e-9)
    calls = max(1, int(args.min_time / one + 0.999))
    samples = []
    for _ in range(args.samples):
        t0 = time.perf_counter()
        for _ in range(calls):
            run()
        samples.append((time.perf_counter() - t0) / calls * 1e3)
    return sorted(samples), calls


reference_class = reference.argmax(axis=1)
for impl, session in sessions.items():
    logits = session.run(["y"], {"x": images})[0]
    ms, calls = timed(session, images)
    median = ms[len(ms) // 2]
    line = {
        "workload": "int8resnet", "ref": "W4", "case": f"batch={len(images)}", "threads": T,
        "median": median, "min": ms[0], "max": ms[-1], "unit": "ms/batch", "samples": len(ms),
        "spread_pct": (ms[-1] - ms[0]) / median * 100, "impl": impl, "calls_per_sample": calls,
        "version": ort.__version__, "check_torch_max_abs_diff": torch_diff,
        "check_argmax_agreement": float((logits.argmax(axis=1) == reference_class).mean()),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    text = json.dumps(line)
    print(text)
    if args.out:
        with open(args.out, "a") as f:
            f.write(text + "\n")
