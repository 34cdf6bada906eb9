import Foundation
import QuantumSim

/// The quantum workloads of the shared benchmark definitions (`bench/WORKLOADS.md`), exactly as
/// defined there, for the benchmark programs and the check-value tests.
public enum QuantumWorkloads {
    /// W1: `rounds` × (H on every qubit; CNOT(i, i+1) for i = 0…n−2; RX(0.3) on every qubit).
    public static func w1Circuit(qubits n: Int, rounds: Int = 5) -> Circuit {
        var c = Circuit(qubits: n)
        for _ in 0..<rounds {
            for q in 0..<n { c.h(q) }
            for q in 0..<(n - 1) { c.cx(q, q + 1) }
            for q in 0..<n { c.rx(0.3, q) }
        }
        return c
    }

    /// W2: hardware-efficient ansatz, `layers` × (RY(θ[l,i,0]) RZ(θ[l,i,1]) on each qubit i, then
    /// the CNOT ring CNOT(i, (i+1) mod n)). Weight index of θ[l,i,j] = (l·n + i)·2 + j (C order).
    public static func w2Circuit(qubits n: Int, layers: Int = 6) -> Circuit {
        var c = Circuit(qubits: n)
        for l in 0..<layers {
            for i in 0..<n {
                c.ry(.weight((l * n + i) * 2), i)
                c.rz(.weight((l * n + i) * 2 + 1), i)
            }
            for i in 0..<n { c.cx(i, (i + 1) % n) }
        }
        return c
    }

    /// W2 parameters: `default_rng(0).uniform(0, 2π, size=(L, n, 2))`.
    public static func w2Parameters(qubits n: Int, layers: Int = 6) -> [Double] {
        var r = NumPyRandom(seed: 0)
        return r.uniform(0, 2 * Double.pi, count: layers * n * 2)
    }

    /// W3: data re-uploading classifier on 8 qubits, 3 blocks: RY(x_i) on qubit i; RY(w[b,i,0])
    /// RZ(w[b,i,1]) on each qubit; CNOT ring. Input i = feature i; weight (b·8 + i)·2 + j.
    public static func w3Circuit(qubits n: Int = 8, blocks: Int = 3) -> Circuit {
        var c = Circuit(qubits: n)
        for b in 0..<blocks {
            for i in 0..<n { c.ry(.input(i), i) }
            for i in 0..<n {
                c.ry(.weight((b * n + i) * 2), i)
                c.rz(.weight((b * n + i) * 2 + 1), i)
            }
            for i in 0..<n { c.cx(i, (i + 1) % n) }
        }
        return c
    }

    /// W3 data: X (1024×8, uniform(0, π)), targets y = 2·label − 1, W0 (3×8×2, uniform(0, 2π)),
    /// drawn in that order from `default_rng(0)`.
    public static func w3Data() -> (x: [Double], y: [Double], w0: [Double]) {
        var r = NumPyRandom(seed: 0)
        let x = r.uniform(0, Double.pi, count: 1024 * 8)
        let labels = r.integers(0, 2, count: 1024)
        let w0 = r.uniform(0, 2 * Double.pi, count: 3 * 8 * 2)
        return (x, labels.map { 2 * Double($0) - 1 }, w0)
    }

    /// One W3 epoch: w := W0, Adam(lr 0.01, betas 0.9/0.999, eps 1e-8, PyTorch's update), four
    /// batches of 256: forward, loss mean((f − y)²), adjoint backward, step. Returns the loss of
    /// each step (computed before that step's update) and the final weights.
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    public static func w3Epoch<R: SimReal>(_ type: R.Type, program: QuantumProgram, data: (x: [Double], y: [Double], w0: [Double]),
                                          batchSize: Int = 256, policy: ExecutionPolicy = .serial) throws -> (losses: [Double], weights: [Double]) {
        var w = data.w0
        var m = [Double](repeating: 0, count: w.count), v = m
        let lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8
        var losses: [Double] = []
        let steps = data.y.count / batchSize
        let features = data.x.count / data.y.count
        for k in 0..<steps {
            let xs = Array(data.x[(k * batchSize * features)..<((k + 1) * batchSize * features)])
            let ys = Array(data.y[(k * batchSize)..<((k + 1) * batchSize)])
            let scale = 2.0 / Double(batchSize)
            let res = try program.valuesAndVJP(type, weights: w, inputs: xs, batch: batchSize, observables: [.z(0)],
                                                policy: policy) { s, vals in [scale * (vals[0] - ys[s])] }
            var loss = 0.0
            for s in 0..<batchSize { loss += (res.values[s] - ys[s]) * (res.values[s] - ys[s]) }
            losses.append(loss / Double(batchSize))
            let t = Double(k + 1)
            let bc1 = 1 - pow(b1, t), bc2 = 1 - pow(b2, t)
            for j in w.indices {
                let g = res.weightGradient[j]
                m[j] = b1 * m[j] + (1 - b1) * g
                v[j] = b2 * v[j] + (1 - b2) * g * g
                w[j] -= (lr / bc1) * m[j] / ((v[j].squareRoot() / bc2.squareRoot()) + eps)
            }
        }
        return (losses, w)
    }
}
