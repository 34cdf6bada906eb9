#!/bin/sh
# Writes the W1 workload as OpenQASM 2.0 on stdout: ROUNDS × (H on every qubit; CX(i, i+1);
# RX(0.3) on every qubit), as QuantumWorkloads.w1Circuit builds it.
# Usage: Scripts/workloads/w1-qasm.sh QUBITS [ROUNDS=5] > w1.qasm
n=${1:?usage: w1-qasm.sh QUBITS [ROUNDS]}
rounds=${2:-5}
echo "OPENQASM 2.0;"
echo 'include "qelib1.inc";'
echo "qreg q[$n];"
r=0
while [ "$r" -lt "$rounds" ]; do
  i=0; while [ "$i" -lt "$n" ]; do echo "h q[$i];"; i=$((i + 1)); done
  i=0; while [ "$i" -lt $((n - 1)) ]; do echo "cx q[$i],q[$((i + 1))];"; i=$((i + 1)); done
  i=0; while [ "$i" -lt "$n" ]; do echo "rx(0.3) q[$i];"; i=$((i + 1)); done
  r=$((r + 1))
done
