#!/usr/bin/env bash
# Matrix-product-state speed: QuantaBench `mps` (50-qubit brickwork, depth 10, χ = 32) beside
# peers/mps_aer.py (Qiskit Aer's matrix_product_state method, the same bond dimension),
# alternated (compare-peer.sh).
# Usage: Benchmarks/compare-mps.sh [--rounds 5] [--threads 1] [--python PATH] [--out FILE]
exec "$(dirname "$0")/compare-peer.sh" --workload mps --peer peers/mps_aer.py "$@"
