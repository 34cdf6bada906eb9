import Foundation

/// Contraction of the network for one sequence, with a tape for the backward pass. Matrices are
/// real, row-major, square.
extension SequenceTensorNetwork {
    /// One join: σ = A ⊗ B (index a·d_B + b), τ = U σ Uᵀ, out = Tr_B τ.
    struct Join {
        var left: [Double]
        var right: [Double]
        var sigma: [Double]
        var cell: Int
    }

    /// The forward pass: ⟨Z⟩ of the register's first qubit, and the joins in order.
    struct Tape {
        var z: Double
        var joins: [Join]
        var tokens: [Int]
        /// The root's (or the path's last register's) density matrix.
        var register: [Double]
    }

    /// RY(θ)|0⟩⟨0|RY(θ)ᵀ for `token`, widened with |0…0⟩ to `dimension` (word on bit 0).
    func leaf(_ token: Int?, dimension d: Int) -> [Double] {
        var m = [Double](repeating: 0, count: d * d)
        guard let token else {
            m[0] = 1
            return m
        }
        let (c, s) = (cos(wordAngles[token] / 2), sin(wordAngles[token] / 2))
        m[0] = c * c
        m[1] = c * s
        m[d] = c * s
        m[d + 1] = s * s
        return m
    }

    static func kron(_ a: [Double], _ da: Int, _ b: [Double], _ db: Int) -> [Double] {
        let d = da * db
        var out = [Double](repeating: 0, count: d * d)
        for i in 0..<da {
            for j in 0..<da where a[i * da + j] != 0 {
                for r in 0..<db {
                    for s in 0..<db { out[(i * db + r) * d + j * db + s] = a[i * da + j] * b[r * db + s] }
                }
            }
        }
        return out
    }

    static func multiply(_ a: [Double], _ b: [Double], _ d: Int, transposeA: Bool = false, transposeB: Bool = false) -> [Double] {
        var out = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for k in 0..<d {
                let x = transposeA ? a[k * d + i] : a[i * d + k]
                if x == 0 { continue }
                for j in 0..<d { out[i * d + j] += x * (transposeB ? b[j * d + k] : b[k * d + j]) }
            }
        }
        return out
    }

    /// Tr_B(U (A ⊗ B) Uᵀ) and the join's record.
    func join(_ a: [Double], _ da: Int, _ b: [Double], _ db: Int, cell: Int, unitaries: [[Double]]) -> ([Double], Join) {
        let d = da * db
        let sigma = Self.kron(a, da, b, db)
        let u = unitaries[cell]
        let tau = Self.multiply(Self.multiply(u, sigma, d), u, d, transposeB: true)
        var out = [Double](repeating: 0, count: da * da)
        for i in 0..<da {
            for j in 0..<da {
                for r in 0..<db { out[i * da + j] += tau[(i * db + r) * d + j * db + r] }
            }
        }
        return (out, Join(left: a, right: b, sigma: sigma, cell: cell))
    }

    /// The unitary of every cell.
    func unitaries() -> [[Double]] {
        let cell = RealCell(qubits: cellQubits, layers: layers)
        return cellAngles.map { cell.matrix($0) }
    }

    /// Contracts one (clipped) sequence.
    func contract(_ tokens: [Int], unitaries: [[Double]]) -> Tape {
        let d = registerDimension
        var joins = [Join]()
        var register: [Double]
        switch shape {
        case .path:
            register = leaf(nil, dimension: d)
            for (t, token) in tokens.enumerated() {
                let (next, record) = join(register, d, leaf(token, dimension: 2), 2, cell: cell(at: t, of: window), unitaries: unitaries)
                register = next
                joins.append(record)
            }
        case .tree:
            let levels = Self.levels(window)
            var nodes = (0..<(1 << levels)).map { leaf($0 < tokens.count ? tokens[$0] : nil, dimension: d) }
            for level in 0..<levels {
                nodes = stride(from: 0, to: nodes.count, by: 2).map { i in
                    let (next, record) = join(nodes[i], d, nodes[i + 1], d, cell: cell(at: level, of: levels), unitaries: unitaries)
                    joins.append(record)
                    return next
                }
            }
            register = nodes[0]
        }
        let z = (0..<d).reduce(0.0) { $0 + register[$1 * d + $1] * ($1 & 1 == 0 ? 1 : -1) }
        return Tape(z: z, joins: joins, tokens: tokens, register: register)
    }
}
