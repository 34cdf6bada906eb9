#!/usr/bin/env python3
"""CLI-level mutation campaign for `quanta` (development tool, not part of the tests).

Generates damaged checkpoints, quantized files, metadata edits and IDX data files from
seeded generators, runs the built binary on each with a timeout, and counts crashes (death
by a signal), hangs (timeouts), failures without a message and changed inputs.

    python3 Scripts/mutation_campaign.py --binary .build/release/quanta --seed 1 \
        --checkpoints 1000 --idx 600
"""
import argparse, gzip, hashlib, json, os, random, shutil, struct, subprocess, sys, tempfile

HOSTILE = [-1, 0, 2147483648, 1e308, -1e308, 1.5, "x", None, [], [-5], [0, 0], ["a"], {"k": 1}, True,
           9223372036854775807, "nan", 1e-300]


def run(binary, args, timeout=60):
    try:
        p = subprocess.run([binary] + args, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
        return p.returncode, p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return "hang", ""


def mutate_bytes(rng, b):
    b = bytearray(b)
    kind = rng.randrange(6)
    if kind == 0:
        b = b[:rng.randrange(len(b) + 1)]
    elif kind == 1:
        for _ in range(1 + rng.randrange(8)):
            if b:
                b[rng.randrange(len(b))] = rng.randrange(256)
    elif kind == 2:
        for i in range(min(24, len(b))):
            b[i] = rng.randrange(256)
    elif kind == 3:
        pos = rng.randrange(len(b) + 1)
        b[pos:pos] = bytes(rng.randrange(256) for _ in range(1 + rng.randrange(64)))
    elif kind == 4:
        b += bytes(rng.randrange(256) for _ in range(1 + rng.randrange(16)))
    else:
        b = bytearray(bytes(rng.randrange(256) for _ in range(rng.randrange(300))))
    return bytes(b)


def split_safetensors(b):
    n = struct.unpack("<Q", b[:8])[0]
    return json.loads(b[8:8 + n]), b[8 + n:]


def join_safetensors(header, data):
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    return struct.pack("<Q", len(h)) + h + data


def mutate_header(rng, b):
    header, data = split_safetensors(b)
    meta = header.get("__metadata__", {})
    tensors = [k for k in header if k != "__metadata__"]
    kind = rng.randrange(4)
    if kind == 0 and meta:
        key = rng.choice(sorted(meta))
        try:
            inner = json.loads(meta[key])
        except ValueError:
            inner = None
        if isinstance(inner, dict) and inner:
            inner[rng.choice(sorted(inner))] = rng.choice(HOSTILE)
            meta[key] = json.dumps(inner)
        else:
            meta[key] = json.dumps(rng.choice(HOSTILE))
    elif kind == 1 and tensors:
        t = header[rng.choice(tensors)]
        t["dtype"] = rng.choice(["F32", "F64", "I8", "U8", "I32", "BF16", "Q4", "F16"])
    elif kind == 2 and tensors:
        t = header[rng.choice(tensors)]
        t["shape"] = [rng.choice([0, 1, 2, 3, 7, 64, -1, 2**40]) for _ in range(rng.randrange(4))]
    elif tensors:
        t = header[rng.choice(tensors)]
        a, e = t["data_offsets"]
        t["data_offsets"] = [max(0, a + rng.choice([-8, -4, 0, 4, 8])), e + rng.choice([-8, -4, 0, 4, 8, 10**12])]
    return join_safetensors(header, data)


def mutate_value(rng, b, name):
    """A float tensor's first value set to NaN, infinity or an extreme number."""
    header, data = split_safetensors(b)
    floats = [k for k in header if k != "__metadata__" and header[k]["dtype"] == "F32" and header[k]["data_offsets"][1] > header[k]["data_offsets"][0]]
    if not floats:
        return b
    t = header[rng.choice(floats)]
    data = bytearray(data)
    struct.pack_into("<f", data, t["data_offsets"][0], rng.choice([float("nan"), float("inf"), 3e38, -3e38, 1e-45]))
    return join_safetensors(header, bytes(data))


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class Tally:
    def __init__(self):
        self.counts = {"runs": 0, "ok": 0, "failed with message": 0, "usage": 0, "crash": 0, "hang": 0,
                       "no message": 0, "input changed": 0}
        self.examples = []

    def add(self, rc, err, label, changed):
        self.counts["runs"] += 1
        if rc == "hang":
            self.counts["hang"] += 1
            self.examples.append(("hang", label))
        elif rc < 0 or rc in (132, 134, 139):
            self.counts["crash"] += 1
            self.examples.append(("crash %s" % rc, label, err[-300:]))
        elif rc == 0:
            self.counts["ok"] += 1
        elif rc in (1, 64):
            if not err.strip():
                self.counts["no message"] += 1
                self.examples.append(("no message", label))
            else:
                self.counts["usage" if rc == 64 else "failed with message"] += 1
                if rc == 64:
                    self.examples.append(("usage error", label, err.splitlines()[0][:200]))
        else:
            self.counts["crash"] += 1
            self.examples.append(("exit %s" % rc, label, err[-300:]))
        if changed:
            self.counts["input changed"] += 1
            self.examples.append(("input changed", label))


def checkpoint_campaign(binary, work, count, seed, tally):
    rng = random.Random(seed)
    base = {}
    def train(name, args):
        path = os.path.join(work, name)
        rc, err = run(binary, ["train", "--epochs", "1", "--save", path] + args, timeout=300)
        assert rc == 0, err
        base[name] = path
    train("mlp.safetensors", ["--hidden", "16"])
    train("cnn.safetensors", ["--model", "cnn", "--channels", "2"])
    train("paper.safetensors", ["--model", "reupload-1q"])
    for method, extra in (("ptq", []), ("rtn", ["--weight-bits", "4"])):
        path = os.path.join(work, method + ".safetensors")
        rc, err = run(binary, ["quantize", "--checkpoint", base["mlp.safetensors"], "--method", method, "--out", path] + extra, timeout=300)
        assert rc == 0, err
        base[method + ".safetensors"] = path
    samples = os.path.join(work, "samples.csv")
    with open(samples, "w") as f:
        f.write(",".join("p%d" % i for i in range(64)) + "\n" + ",".join(["0.5"] * 64) + "\n")
    names = sorted(base)
    for i in range(count):
        name = rng.choice(names)
        good = open(base[name], "rb").read()
        kind = rng.randrange(3)
        bad_bytes = mutate_bytes(rng, good) if kind == 0 else mutate_header(rng, good) if kind == 1 else mutate_value(rng, good, name)
        bad = os.path.join(work, "bad.safetensors")
        with open(bad, "wb") as f:
            f.write(bad_bytes)
        before = sha(bad)
        command = rng.choice([["eval", "--checkpoint", bad], ["eval", "--checkpoint", bad, "--json"],
                              ["train", "--resume", bad, "--save", os.path.join(work, "out.safetensors")],
                              ["predict", "--checkpoint", bad, "--input", samples]])
        rc, err = run(binary, command)
        tally.add(rc, err, "checkpoint #%d %s kind %d %s" % (i, name, kind, command[0]), sha(bad) != before)


def idx_header(kind, dims):
    return struct.pack(">BBBB", 0, 0, kind, len(dims)) + b"".join(struct.pack(">I", d) for d in dims)


def idx_campaign(binary, work, count, seed, tally):
    rng = random.Random(seed)
    root = os.path.join(work, "data")
    folder = os.path.join(root, "mnist")
    os.makedirs(folder, exist_ok=True)
    n = 40
    images = idx_header(0x08, [n, 28, 28]) + bytes(rng.randrange(256) for _ in range(n * 784))
    labels = idx_header(0x08, [n]) + bytes(i % 10 for i in range(n))
    good = {"train-images-idx3-ubyte": images, "train-labels-idx1-ubyte": labels,
            "t10k-images-idx3-ubyte": images, "t10k-labels-idx1-ubyte": labels}
    for i in range(count):
        for name in list(os.listdir(folder)):
            os.remove(os.path.join(folder, name))
        compressed = rng.random() < 0.3
        for name, b in good.items():
            target = os.path.join(folder, name + (".gz" if compressed else ""))
            with open(target, "wb") as f:
                f.write(gzip.compress(b, mtime=0) if compressed else b)
        victim = rng.choice(sorted(good))
        b = good[victim]
        kind = rng.randrange(3)
        if kind == 0:
            b = mutate_bytes(rng, b)
        elif kind == 1:
            dims = [n, 28, 28] if "images" in victim else [n]
            dims = [rng.choice([d, 0, 1, 2**31, 2**32 - 1, d + 1, d - 1]) for d in dims]
            b = idx_header(rng.choice([0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E, 0x07]), dims) + b[4 + 4 * len(dims):]
        else:
            b = b[:4] + b[4:8] + b[8:]   # a consistent file whose labels or pixels are then flipped
            b = bytearray(b)
            for _ in range(1 + rng.randrange(20)):
                b[rng.randrange(8, len(b))] = rng.randrange(256)
            b = bytes(b)
        target = os.path.join(folder, victim + (".gz" if compressed else ""))
        data = gzip.compress(b, mtime=0) if compressed else b
        if compressed and rng.random() < 0.3:
            data = mutate_bytes(rng, data)
        with open(target, "wb") as f:
            f.write(data)
        before = sha(target)
        command = rng.choice([["train", "--dataset", "mnist", "--data-dir", root, "--hidden", "4", "--epochs", "1"],
                              ["datasets", "info", "mnist", "--data-dir", root]])
        rc, err = run(binary, command)
        tally.add(rc, err, "idx #%d %s kind %d gz %s %s" % (i, victim, kind, compressed, command[0]), sha(target) != before)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/release/quanta")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--checkpoints", type=int, default=1000)
    parser.add_argument("--idx", type=int, default=600)
    args = parser.parse_args()
    binary = os.path.abspath(args.binary)
    work = tempfile.mkdtemp(prefix="quanta-campaign-")
    try:
        for title, campaign, count, seed in (("checkpoint, quantized and metadata variants", checkpoint_campaign, args.checkpoints, args.seed),
                                             ("IDX variants", idx_campaign, args.idx, args.seed + 1)):
            tally = Tally()
            campaign(binary, work, count, seed, tally)
            print("%s (seed %d): %s" % (title, seed, json.dumps(tally.counts)))
            for example in tally.examples[:20]:
                print("  ", example)
            sys.stdout.flush()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
