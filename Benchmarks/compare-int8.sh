#!/usr/bin/env bash
# W4 int8 side by side in one run: QuantaBench int8gemm (oneDNN u8s8s32 + Quanta fp32) and the
# peer script w4_matmul.py (ORT MatMulInteger, torch _int_mm, quantize_dynamic, fp32), alternated
# for --rounds rounds at each thread count; then QuantaBench int8lenet.
# Usage: Benchmarks/compare-int8.sh [--threads 1,2] [--rounds 2] [--out Results/int8-YYYYMMDD.jsonl]
set -euo pipefail
cd "$(dirname "$0")"
threads=1; rounds=2; out="Results/int8-$(date -u +%Y%m%d).jsonl"
while [ $# -gt 0 ]; do
  case "$1" in
    --threads) threads="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
done
peers="${QUANTA_PEERS:-/work/peers}"
# oneDNN runs on OpenMP: with active spin-waiting its idle workers fight OpenBLAS's for the same
# cores when variants alternate (measured 2 threads: 8.6 vs 336 GOP/s at 256x784x256). Passive waiting
# must be set before the process starts.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-passive}"
scratch="${QUANTA_BENCH_BUILD:-/tmp/bench-build}"
swift build -c release --scratch-path "$scratch" >&2
bench="$scratch/release/QuantaBench"
# The peer script writes results/raw next to itself: run a private copy.
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cp "$peers/w4_matmul.py" "$peers/common.py" "$tmp/"
for t in ${threads//,/ }; do
  for r in $(seq 1 "$rounds"); do
    "$bench" int8gemm --threads "$t" --out "$out"
    "$peers/.venv/bin/python" "$tmp/w4_matmul.py" --threads "$t" | grep '^{' | sed "s/^{/{\"source\":\"peer\",\"threads\":$t,\"round\":$r,/" | tee -a "$out"
  done
  "$bench" int8lenet --threads "$t" --out "$out"
done
