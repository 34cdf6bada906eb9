"""Reads the safetensors files QuantaBench writes (F32 and F64 tensors) into numpy arrays,
without the `safetensors` package: an 8-byte header length, a JSON header, raw little-endian data."""
import json
import struct

import numpy as np

TYPES = {"F32": np.float32, "F64": np.float64}


def read(path):
    """name -> array (the `__metadata__` entry is skipped)."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] not in TYPES:
            raise ValueError(f"{path}: tensor {name} has dtype {info['dtype']}, expected F32 or F64")
        start, end = info["data_offsets"]
        out[name] = np.frombuffer(data[start:end], dtype=TYPES[info["dtype"]]).reshape(info["shape"])
    return out
