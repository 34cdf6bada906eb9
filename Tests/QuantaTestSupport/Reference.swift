import Foundation
import Tensor
import QuantumSim

/// Dense reference simulation: full 2ⁿ×2ⁿ operators built from Kronecker products (qubit 0
/// the rightmost factor), slow and plain, for checking the fast kernels and both engines.
public enum Reference {
    public typealias Matrix = [Complex]   // row-major

    public static func kron(_ a: Matrix, _ da: Int, _ b: Matrix, _ db: Int) -> Matrix {
        let d = da * db
        var out = Matrix(repeating: .zero, count: d * d)
        for i in 0..<da { for j in 0..<da {
            let x = a[i * da + j]
            if x == .zero { continue }
            for k in 0..<db { for l in 0..<db { out[(i * db + k) * d + j * db + l] = x * b[k * db + l] } }
        } }
        return out
    }

    public static let identity2: Matrix = [.one, .zero, .zero, .one]
    public static let proj1: Matrix = [.zero, .zero, .zero, .one]

    /// Elementary 2×2 matrix |r⟩⟨c|.
    public static func e(_ r: Int, _ c: Int) -> Matrix {
        var m = Matrix(repeating: .zero, count: 4); m[r * 2 + c] = .one; return m
    }

    /// ⊗ over qubits n−1 … 0 (qubit 0 = least significant = rightmost factor).
    public static func kronChain(_ factors: [Int: Matrix], n: Int) -> Matrix {
        var out: Matrix = [.one]
        var d = 1
        for q in stride(from: n - 1, through: 0, by: -1) {
            out = kron(out, d, factors[q] ?? identity2, 2)
            d *= 2
        }
        return out
    }

    /// The full operator of `m` on `targets` (first = most significant matrix bit) controlled
    /// on `controls`: Σ_{r,c} m[r][c] ⊗_j |r_j⟩⟨c_j| ⊗ Π₁(controls) + (I − Π₁(controls)).
    public static func fullOperator(_ m: Matrix, targets: [Int], controls: [Int], n: Int) -> Matrix {
        let k = targets.count, d = 1 << k, D = 1 << n
        var out = Matrix(repeating: .zero, count: D * D)
        var ctrl: [Int: Matrix] = [:]
        for c in controls { ctrl[c] = proj1 }
        for r in 0..<d { for c in 0..<d where m[r * d + c] != .zero {
            var f = ctrl
            for j in 0..<k { f[targets[j]] = e((r >> (k - 1 - j)) & 1, (c >> (k - 1 - j)) & 1) }
            let t = kronChain(f, n: n)
            for i in 0..<(D * D) where t[i] != .zero { out[i] += m[r * d + c] * t[i] }
        } }
        if !controls.isEmpty {
            let pc = kronChain(ctrl, n: n)
            for i in 0..<D { out[i * D + i] += .one }
            for i in 0..<(D * D) where pc[i] != .zero { out[i] -= pc[i] }
        }
        return out
    }

    public static func apply(_ m: Matrix, _ v: [Complex]) -> [Complex] {
        let d = v.count
        return (0..<d).map { r in
            var s = Complex.zero
            for c in 0..<d where m[r * d + c] != .zero { s += m[r * d + c] * v[c] }
            return s
        }
    }

    /// ψ ← M ψ for a 2×2 `m` on `target`, pair by pair (O(2ⁿ), for states too large for `apply`).
    public static func applyOneQubit(_ m: Matrix, target q: Int, _ v: [Complex]) -> [Complex] {
        var out = v
        for i in 0..<v.count where i & (1 << q) == 0 {
            let j = i | (1 << q)
            out[i] = m[0] * v[i] + m[1] * v[j]
            out[j] = m[2] * v[i] + m[3] * v[j]
        }
        return out
    }

    /// Runs a circuit densely, op by op.
    public static func run(_ c: Circuit, weights: [Double] = [], inputs: [Double] = [], initial: [Complex]? = nil) -> [Complex] {
        var v = initial ?? { var z = [Complex](repeating: .zero, count: 1 << c.qubitCount); z[0] = .one; return z }()
        let w = weights, x = inputs
        for op in c.instructions {
            let vals = op.parameters.map { p -> Double in
                switch p.source {
                case .constant: return p.offset
                case let .weight(i): return p.scale * w[i] + p.offset
                case let .input(i): return p.scale * x[i] + p.offset
                }
            }
            var m = op.targetMatrix(vals)
            var targets = op.targets
            if targets.isEmpty {
                // global phase: with controls it is a phase on the controls' |1…1⟩
                if op.controls.isEmpty { v = v.map { m[0] * $0 }; continue }
                targets = [op.controls.last!]
                m = [.one, .zero, .zero, m[0]]
                let ctrls = Array(op.controls.dropLast())
                v = apply(fullOperator(m, targets: targets, controls: ctrls, n: c.qubitCount), v)
                continue
            }
            v = apply(fullOperator(m, targets: targets, controls: op.controls, n: c.qubitCount), v)
        }
        return v
    }

    public static func randomQubits(_ count: Int, of n: Int, rng: inout RandomGenerator) -> [Int] {
        Array(rng.permutation(n).prefix(count))
    }

    /// A random operation of any gate kind that fits in n qubits, with random controls.
    public static func randomOperation(n: Int, rng: inout RandomGenerator, parametric: Bool = false) -> Instruction {
        let fixed = Gate.fixedKinds
        let param = Gate.parametricKinds
        var gate: Gate
        let pick = Int(rng.next(upperBound: UInt64(10)))
        if pick < 4 { gate = fixed[Int(rng.next(upperBound: UInt64(fixed.count)))] }
        else if pick < 8 { gate = param[Int(rng.next(upperBound: UInt64(param.count)))] }
        else if pick == 8 {
            let k = 1 + Int(rng.next(upperBound: UInt64(min(3, n))))
            gate = .unitary(RandomQuantum.unitary(1 << k, rng: &rng))
        } else {
            let k = 1 + Int(rng.next(upperBound: UInt64(min(3, n))))
            gate = .diagonal((0..<(1 << k)).map { _ in Complex.expi(rng.nextUnit() * 6.28) })
        }
        while gate.qubitCount > n { gate = .h }
        let free = n - gate.qubitCount
        let nc = free == 0 ? 0 : Int(rng.next(upperBound: UInt64(min(free, 3) + 1)))
        let qs = randomQubits(gate.qubitCount + nc, of: n, rng: &rng)
        let params: [Parameter] = (0..<gate.parameterCount).map { _ in .constant(rng.nextUnit() * 12 - 6) }
        return Instruction(gate, targets: Array(qs.prefix(gate.qubitCount)), controls: Array(qs.dropFirst(gate.qubitCount)),
                         parameters: params)
    }
}
