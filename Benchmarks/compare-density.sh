#!/usr/bin/env bash
# Noise-simulation speed: QuantaBench `density` (density-matrix gates at n = 10, 12 and 10^6 shots
# from 20 qubits) beside peers/density_aer.py (Qiskit Aer density_matrix and statevector sampling,
# PennyLane default.mixed at n = 10), alternated (compare-peer.sh).
# Usage: Benchmarks/compare-density.sh [--rounds 5] [--threads 1] [--python PATH] [--out FILE]
exec "$(dirname "$0")/compare-peer.sh" --workload density --peer peers/density_aer.py "$@"
