import Foundation

/// A real circuit of two-qubit blocks on n qubits, simulated as a real state vector: each block
/// is a `RealCell` (RY on both qubits, then CNOT, repeated `blockLayers` times) on a qubit pair.
/// With an even `blockLayers`, zero angles make every block the identity (CNOT² = I). Used as a
/// circuit Born machine, p(x) = ψ(x)². O(blocks·2ⁿ) per state; gradients by the adjoint method
/// for any ∂L/∂ψ, one backward sweep.
public struct BlockCircuit: Sendable {
    public let qubits: Int
    /// The (first, second) qubit of every block, in order of application; bit 0 of a block's
    /// 4×4 index is `first`.
    public let pairs: [(Int, Int)]
    public let blockLayers: Int

    public init(qubits: Int, pairs: [(Int, Int)], blockLayers: Int = 4) throws {
        guard (2...24).contains(qubits), blockLayers >= 1,
              pairs.allSatisfy({ (0..<qubits).contains($0.0) && (0..<qubits).contains($0.1) && $0.0 != $0.1 }) else {
            throw QMLError.invalidArgument("a block circuit takes 2–24 qubits, blocks on two different qubits among them and ≥ 1 layer per block")
        }
        self.qubits = qubits
        self.pairs = pairs
        self.blockLayers = blockLayers
    }

    /// `layers` staircases: blocks on (0, 1), (1, 2), …, (n − 2, n − 1), repeated.
    public static func staircase(qubits: Int, layers: Int, blockLayers: Int = 4) throws -> BlockCircuit {
        let one = (0..<max(qubits - 1, 0)).map { ($0, $0 + 1) }
        return try BlockCircuit(qubits: qubits, pairs: Array((0..<layers).map { _ in one }.joined()), blockLayers: blockLayers)
    }

    var cell: RealCell { RealCell(qubits: 2, layers: blockLayers) }
    /// Angles per block (2 per block layer).
    public var anglesPerBlock: Int { 2 * blockLayers }
    public var parameterCount: Int { pairs.count * anglesPerBlock }

    /// Applies the 4×4 `g` (row-major) to qubits `pair` of the real state `psi`.
    static func apply(_ g: [Double], _ pair: (Int, Int), _ psi: inout [Double], transpose: Bool = false) {
        let (a, b) = (1 << pair.0, 1 << pair.1)
        for base in 0..<psi.count where base & a == 0 && base & b == 0 {
            let idx = [base, base | a, base | b, base | a | b]
            let v = idx.map { psi[$0] }
            for i in 0..<4 {
                var s = 0.0
                for j in 0..<4 { s += (transpose ? g[j * 4 + i] : g[i * 4 + j]) * v[j] }
                psi[idx[i]] = s
            }
        }
    }

    /// The blocks' matrices for `angles` (block-major).
    public func matrices(_ angles: [Double]) -> [[Double]] {
        let k = anglesPerBlock
        return pairs.indices.map { cell.matrix(Array(angles[(k * $0)..<(k * ($0 + 1))])) }
    }

    /// The state from `initial` (|0…0⟩ when nil) after the blocks.
    public func state(_ angles: [Double], from initial: [Double]? = nil) -> [Double] {
        var psi = initial ?? (0..<(1 << qubits)).map { $0 == 0 ? 1.0 : 0.0 }
        for (g, pair) in zip(matrices(angles), pairs) { Self.apply(g, pair, &psi) }
        return psi
    }

    /// ∂L/∂angles given the final state `psi` (from `state`) and ∂L/∂ψ: undo each block
    /// (orthogonal, so Gᵀ), take ∂L/∂G = λ ψᵀ over the pair's amplitudes, pull λ back.
    public func gradient(_ angles: [Double], finalState psi: [Double], dLdPsi: [Double]) -> [Double] {
        let gates = matrices(angles)
        var state = psi
        var lambda = dLdPsi
        var out = [Double](repeating: 0, count: angles.count)
        let k = anglesPerBlock
        for index in pairs.indices.reversed() {
            let pair = pairs[index]
            Self.apply(gates[index], pair, &state, transpose: true)
            var dg = [Double](repeating: 0, count: 16)
            let (a, b) = (1 << pair.0, 1 << pair.1)
            for base in 0..<state.count where base & a == 0 && base & b == 0 {
                let idx = [base, base | a, base | b, base | a | b]
                for i in 0..<4 {
                    for j in 0..<4 { dg[i * 4 + j] += lambda[idx[i]] * state[idx[j]] }
                }
            }
            Self.apply(gates[index], pair, &lambda, transpose: true)
            let g = cell.angleGradient(Array(angles[(k * index)..<(k * (index + 1))]), dg)
            for j in 0..<k { out[k * index + j] = g[j] }
        }
        return out
    }
}
