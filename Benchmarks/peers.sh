#!/usr/bin/env bash
# Builds the peer benchmark environment (torch CPU, pennylane-lightning, qulacs, qiskit,
# torchquantum, onnxruntime, …; exact versions in requirements.lock.txt) outside the
# read-only shared tree: copies the shared peers folder to DEST and runs its setup.sh there,
# which creates DEST/.venv and compiles DEST/build/{stream,fmapeak}.
#
# usage: Benchmarks/peers.sh [DEST]       (default: Benchmarks/.peers, git-ignored)
#   QUANTA_PEERS_SRC  the shared peers folder (default /work/shared/bench/peers)
#   PYTHON            the interpreter for the venv (default python3; the pins need 3.11)
# torch 2.13.0+cpu must be visible to pip (a find-links wheel directory or the PyTorch CPU index).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="${QUANTA_PEERS_SRC:-/work/shared/bench/peers}"
dest="${1:-$here/.peers}"
[ -f "$src/setup.sh" ] || { echo "peers.sh: no setup.sh in $src (set QUANTA_PEERS_SRC)" >&2; exit 1; }
mkdir -p "$dest"
# Copy the scripts (not a venv or build folder the source may hold), writable.
(cd "$src" && tar -cf - --exclude=.venv --exclude=build --exclude=__pycache__ .) | (cd "$dest" && tar -xf -)
chmod -R u+w "$dest"
echo "peers.sh: setting up $dest (log: $dest/setup.log)"
(cd "$dest" && ./setup.sh) 2>&1 | tee "$dest/setup.log"
echo "peers.sh: done — interpreter $dest/.venv/bin/python"
