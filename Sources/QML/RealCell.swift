import Foundation

/// A real circuit on a few qubits as a dense orthogonal matrix: `layers` × (RY(φ) on every
/// qubit, then CNOT q → q+1 down the chain), with the gradient of any scalar through U back to
/// the angles. The cells of `SequenceTensorNetwork`. Qubit q is bit q of a basis index; U is
/// row-major D×D, D = 2^qubits. O(layers·qubits·D²) to build or differentiate.
struct RealCell {
    let qubits: Int
    let layers: Int
    var dimension: Int { 1 << qubits }

    /// Applies RY(φ) (or its derivative, ½·RY(φ + π)) on qubit q to the rows of the D×D `m`.
    func rotate(_ m: inout [Double], qubit q: Int, angle: Double, derivative: Bool = false) {
        let half = angle / 2
        let c = derivative ? -0.5 * sin(half) : cos(half)
        let s = derivative ? 0.5 * cos(half) : sin(half)
        let d = dimension
        let bit = 1 << q
        for i in 0..<d where i & bit == 0 {
            for j in 0..<d {
                let a = m[i * d + j]
                let b = m[(i | bit) * d + j]
                m[i * d + j] = c * a - s * b
                m[(i | bit) * d + j] = s * a + c * b
            }
        }
    }

    /// Applies the CNOT chain (a permutation, its own inverse only for one pair) to the rows of
    /// `m`; `inverse` applies the transpose.
    func entangle(_ m: inout [Double], inverse: Bool = false) {
        let d = dimension
        let pairs = (0..<max(qubits - 1, 0)).map { ($0, $0 + 1) }
        for (control, target) in inverse ? pairs.reversed() : pairs {
            for i in 0..<d where i & (1 << control) != 0 && i & (1 << target) == 0 {
                let k = i | (1 << target)
                for j in 0..<d { m.swapAt(i * d + j, k * d + j) }
            }
        }
    }

    /// U for `angles` (layers × qubits, layer-major).
    func matrix(_ angles: [Double]) -> [Double] {
        let d = dimension
        var u = (0..<(d * d)).map { $0 / d == $0 % d ? 1.0 : 0.0 }
        for l in 0..<layers {
            for q in 0..<qubits { rotate(&u, qubit: q, angle: angles[l * qubits + q]) }
            if qubits > 1 { entangle(&u) }
        }
        return u
    }

    /// ∂L/∂φ for every angle from ∂L/∂U (`gu`, D×D): with U = G_K⋯G_1, the prefix
    /// P = G_{k−1}⋯G_1 and Λ = G_{k+1}ᵀ⋯G_Kᵀ·∂L/∂U, ∂L/∂φ_k = ⟨Λ, G_k′·P⟩.
    func angleGradient(_ angles: [Double], _ gu: [Double]) -> [Double] {
        var prefixes = [[Double]]()
        let d = dimension
        var p = (0..<(d * d)).map { $0 / d == $0 % d ? 1.0 : 0.0 }
        for l in 0..<layers {
            for q in 0..<qubits {
                prefixes.append(p)
                rotate(&p, qubit: q, angle: angles[l * qubits + q])
            }
            if qubits > 1 { entangle(&p) }
        }
        var lambda = gu
        var out = [Double](repeating: 0, count: angles.count)
        for l in (0..<layers).reversed() {
            if qubits > 1 { entangle(&lambda, inverse: true) }
            for q in (0..<qubits).reversed() {
                let k = l * qubits + q
                var derivative = prefixes[k]
                rotate(&derivative, qubit: q, angle: angles[k], derivative: true)
                out[k] = zip(lambda, derivative).reduce(0) { $0 + $1.0 * $1.1 }
                rotate(&lambda, qubit: q, angle: -angles[k])   // RY(φ)ᵀ = RY(−φ)
            }
        }
        return out
    }
}
