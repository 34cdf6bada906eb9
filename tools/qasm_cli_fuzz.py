#!/usr/bin/env python3
"""Feeds mutated and truncated OpenQASM files to `quanta simulate` (not part of the test suite).

Every run must end with exit status 0 (the mutant is still a valid program) or 1 with
`FILE:LINE:COL: error: …` on stderr (or a one-line `error: …` for run-time limits such as a
state too large for memory) -- never a crash (signal) or a hang (timeout).

Usage: python3 tools/qasm_cli_fuzz.py --quanta PATH/TO/quanta [--count 10000] [--seed 1] [--jobs 2]
"""
import argparse, collections, concurrent.futures as cf, json, os, random, re, subprocess, tempfile

CORPUS = [
    """OPENQASM 2.0;
include "qelib1.inc";
gate my(a, b) x, y { rx(a) x; cx x, y; u3(b, -a/2, pi^2) y; }
gate twice(t) q { my(t, 2*t) q, q; }
qreg q[3];
creg c[3];
h q;
my(0.3, sin(pi/7)) q[0], q[2];
ccx q[0], q[1], q[2];
measure q[0] -> c[0];
if (c == 1) cu1(-0.2e-1) q[1], q[2];
reset q[1];
barrier q[0], q[1];
measure q -> c;
""",
    """OPENQASM 3.0;
include "stdgates.inc";
input float[64] theta;
qubit[3] q;
bit[2] c;
gate g(a) x, y { ctrl @ rz(a) x, y; gphase(-a/2); }
/* block comment */
ctrl @ g(2*theta + π) q[0], q[1], q[2];
inv @ pow(2) @ sx q[1];
negctrl(2) @ x q[0], q[1], q[2];
c[0] = measure q[0];
if (c[0]) { x q[2]; reset q[0]; }
U(tau/3, euler, -1.5) q[1];
""",
    """OPENQASM 2.0;
include "qelib1.inc";
qreg a[2];
qreg b[2];
creg m[2];
u2(0, pi) a[0];
cx a, b;
rzz(0.25) a[1], b[0];
c3x a[0], a[1], b[0], b[1];
rccx a[0], b[0], b[1];
measure b -> m;
if (m == 3) x a;
""",
]
FRAGMENTS = ["(", ")", ";", "[", "]", "{", "}", "->", "@", ",", "==", "ctrl", "inv", "pow(1000000) @", "pow(-3) @",
             "gate", "qreg", "creg", "qubit[5]", "99999999999999999999", "1e400", "-", "pi", "π", '"', "/*", "//",
             "if", "measure", "reset", "x", "q[", "q[7]", "h q;", "gate r q { r q; }", "input float[64] z;", "sin(",
             "^", "**", "0.5", "ctrl(3) @", "negctrl @", "U", "CX", "\n", "$0", "opaque", "for", "qreg big[5000];",
             "gphase(1);", "c[0] = measure q[0];", "é", "🙂", "qreg w[40];"]


def mutate(text, rng):
    chars = list(text)
    for _ in range(rng.randint(1, 3)):
        at = rng.randint(0, len(chars))
        op = rng.randrange(6)
        if op == 0:
            chars = chars[:at]
        elif op == 1:
            del chars[at:at + rng.randrange(12)]
        elif op == 2:
            chars[at:at] = list(" " + rng.choice(FRAGMENTS) + " ")
        elif op == 3 and at < len(chars):
            chars[at] = chr(32 + rng.randrange(95))
        elif op == 4:
            lines = "".join(chars).split("\n")
            lines.insert(rng.randrange(len(lines)), rng.choice(lines))
            chars = list("\n".join(lines))
        else:
            digits = [i for i, c in enumerate(chars) if c.isdigit()]
            if digits:
                d = rng.choice(digits)
                chars[d:d + 1] = list(rng.choice(["0", "1", "7", "4096", "100000", "3000000000"]))
    return "".join(chars)


def run(quanta, path, timeout):
    text = open(path, encoding="utf-8", errors="replace").read()
    # The OpenQASM 3 seed declares `input float[64] theta;`; give a value while it is declared.
    params = ["--param", "theta=0.5"] if "input float[64] theta;" in text else []
    try:
        r = subprocess.run([quanta, "simulate", path, "--shots", "3"] + params, capture_output=True,
                           text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "hang", ""
    if r.returncode < 0:
        return "crash", r.stderr[-300:]
    if r.returncode == 0:
        return "ok", ""
    if r.returncode == 64:
        return "usage", r.stderr.splitlines()[0] if r.stderr else ""
    if r.returncode == 1:
        first = r.stderr.splitlines()[0] if r.stderr else ""
        if re.match(r"^.+:\d+:\d+: error: .+", first):
            return "error_with_position", first
        if first.startswith("error: "):
            return "runtime_error", first
        return "bad_message", r.stderr[-300:]
    return f"exit_{r.returncode}", r.stderr[-300:]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quanta", required=True)
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=30)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    tmp = tempfile.mkdtemp(prefix="qasm-fuzz-")
    paths = []
    for i in range(args.count):
        p = os.path.join(tmp, f"m{i}.qasm")
        with open(p, "w") as f:
            f.write(mutate(CORPUS[i % len(CORPUS)], rng))
        paths.append(p)
    kinds, examples = collections.Counter(), {}
    with cf.ThreadPoolExecutor(args.jobs) as pool:
        for p, (kind, msg) in zip(paths, pool.map(lambda p: run(args.quanta, p, args.timeout), paths)):
            kinds[kind] += 1
            examples.setdefault(kind, f"{os.path.basename(p)}: {msg}")
    bad = {k: v for k, v in kinds.items() if k not in ("ok", "error_with_position", "runtime_error", "usage")}
    print(json.dumps({"files": args.count, "outcomes": kinds, "examples": examples, "bad": bad}))
    raise SystemExit(1 if bad else 0)


if __name__ == "__main__":
    main()
