import CBLAS
import Dispatch
import Foundation
import Tensor

/// A `DenseCircuit` prepared to run on batches: index tables for every gate's qubits, the
/// Pauli bases of its SU(2ᵏ) gates, and a cache of per-sample eigendecompositions of the
/// data Hamiltonians (each image is decomposed once, then reused every epoch).
///
/// `forward` returns the readout of a batch and a tape; `backward` turns upstream gradients
/// into weight and input gradients with one adjoint sweep per sample (states are uncomputed
/// by the inverse operations, so memory is O(batch·2ⁿ)). Not thread-safe: one program per layer.
public final class DenseProgram: @unchecked Sendable {
    /// The circuit.
    public let circuit: DenseCircuit
    /// 2ⁿ.
    public let dimension: Int
    /// Per operation: basis-index offsets of its local states and the bases they start from.
    let sites: [(offsets: [Int], bases: [Int])]
    /// Per SU(2ᵏ) operation: its Pauli strings.
    let paulis: [PauliBasis?]
    /// Readout tables: the outcome index of each basis state (−1: not reported) for basis
    /// states and marginals; the target states ⟨t| (re, im of both components) for fidelities.
    let outcome: [Int]
    let targets: [(Double, Double, Double, Double)]
    var eigenCache: [MatrixKey: SymmetricEigen] = [:]
    /// Bytes the cached eigendecompositions may hold (the cache is cleared when full): 1 GiB is
    /// 100,000 images of a 5-qubit circuit but only about 8,000 samples of a 7-qubit one, whose
    /// 100,000 entries took 13 GB (a level-2 creep run was killed for memory).
    public var cacheBytes = 1 << 30
    /// Most cached eigendecompositions kept: `cacheBytes` over one entry's size.
    public var cacheLimit: Int { Swift.max(1, cacheBytes / (8 * dimension * (dimension + 1))) }
    /// Threads that split a batch's samples (nil: `Threading.threads`, the `--threads` setting).
    public var threads: Int?

    /// Runs `body(samples, worker)` over `batch` samples split across the threads.
    func parallelSamples(_ batch: Int, _ body: (Range<Int>, Int) -> Void) -> Int {
        let t = Swift.max(1, Swift.min(threads ?? Threading.threads, batch / 8))
        if t == 1 { body(0..<batch, 0); return 1 }
        DispatchQueue.concurrentPerform(iterations: t) { w in body((batch * w / t)..<(batch * (w + 1) / t), w) }
        return t
    }

    /// Prepares `circuit`.
    public init(_ circuit: DenseCircuit) {
        self.circuit = circuit
        let n = circuit.qubits, d = 1 << n
        dimension = d
        // Local index a of a gate on qubits [q₀, q₁, …] has q₀ as its most significant bit.
        func site(_ listed: [Int]) -> (offsets: [Int], bases: [Int]) {
            let k = listed.count
            let bits = listed.map { 1 << $0 }
            let mask = bits.reduce(0, |)
            let offsets = (0..<(1 << k)).map { a in (0..<k).reduce(0) { $0 | ((a >> (k - 1 - $1)) & 1 == 1 ? bits[$1] : 0) } }
            return (offsets, (0..<d).filter { $0 & mask == 0 })
        }
        var sites: [(offsets: [Int], bases: [Int])] = [], paulis: [PauliBasis?] = []
        for op in circuit.operations {
            switch op {
            case let .gate(_, targets, controls, _):
                sites.append(site(controls + targets))
                paulis.append(nil)
            case .specialUnitary(let listed, _), .complexSpecialUnitary(let listed, _):
                sites.append(site(listed))
                paulis.append(PauliBasis(qubits: listed.count))
            case .hamiltonian, .fixedHamiltonian:
                sites.append(([], []))
                paulis.append(nil)
            }
        }
        self.sites = sites; self.paulis = paulis
        outcome = Self.outcomeTable(circuit.readout, qubits: n)
        if case .fidelities(let vectors) = circuit.readout {
            targets = vectors.map(Self.targetState)
        } else {
            targets = []
        }

    }

    /// The outcome index of each basis state for a basis-state or marginal readout (bit j of
    /// the outcome on the j-th listed qubit), −1 where none; empty for other readouts.
    static func outcomeTable(_ readout: QuantumReadout, qubits n: Int) -> [Int] {
        let listed: [Int]
        let states: [Int]
        switch readout {
        case let .basisStates(q, s): (listed, states) = (q, s)
        case let .marginals(q): (listed, states) = (q, Array(0..<(1 << q.count)))
        default: return []
        }
        let position = Dictionary(states.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return (0..<(1 << n)).map { i in
            let pattern = listed.enumerated().reduce(0) { $0 | (((i >> $1.element) & 1) << $1.offset) }
            return position[pattern] ?? -1
        }
    }

    /// ⟨t| of the qubit state with Bloch vector `v`: (cos θ/2, e^{−iφ} sin θ/2) as
    /// (re₀, im₀, re₁, im₁) of |t⟩.
    static func targetState(_ v: BlochVector) -> (Double, Double, Double, Double) {
        let r = Swift.max((v.x * v.x + v.y * v.y + v.z * v.z).squareRoot(), 1e-300)
        let theta = Foundation.acos(Swift.min(1, Swift.max(-1, v.z / r)))
        let phi = Foundation.atan2(v.y, v.x)
        return (Foundation.cos(theta / 2), 0, Foundation.cos(phi) * Foundation.sin(theta / 2), Foundation.sin(phi) * Foundation.sin(theta / 2))
    }

    /// What `forward` keeps for `backward`.
    public struct Tape {
        let weights: [Double]
        let inputs: [Double]
        let batch: Int
        let states: [Double]
        let exponentials: [PauliExponential?]
        let fixedGates: [BoundGate?]
        let eigens: [SymmetricEigen]
    }

    /// A gate with its angles bound: matrix, adjoint and ∂/∂angle, interleaved complex, on the
    /// gate's controls and targets (controls most significant: block-diag(I, …, U)).
    struct BoundGate {
        var matrix: [Double]
        var adjoint: [Double]
        var derivatives: [[Double]]

        /// `derivatives`: also ∂/∂angle (backward needs them, forward does not).
        init(_ gate: Gate, controls: Int, _ angles: [Double], derivatives: Bool) {
            let parts = gate.matrixAndDerivatives(angles, derivatives: derivatives)
            let m = Self.controlled(parts.matrix, controls: controls, identity: true)
            let size = 1 << (controls + gate.qubitCount)
            var a = m
            for i in 0..<size {
                for j in 0..<size {
                    a[2 * (j * size + i)] = m[2 * (i * size + j)]
                    a[2 * (j * size + i) + 1] = -m[2 * (i * size + j) + 1]
                }
            }
            matrix = m
            adjoint = a
            self.derivatives = parts.derivatives.map { Self.controlled($0, controls: controls, identity: false) }
        }

        /// `u` (2ᵏ×2ᵏ) in the last block of a 2^(c+k) matrix, the identity (or zeros, for a
        /// derivative) in the other blocks; interleaved.
        static func controlled(_ u: [Complex], controls c: Int, identity: Bool) -> [Double] {
            let k = u.count.trailingZeroBitCount / 2
            let size = 1 << (c + k)
            let block = 1 << k
            let offset = size - block
            var r = [Double](repeating: 0, count: 2 * size * size)
            if identity {
                for i in 0..<offset { r[2 * (i * size + i)] = 1 }
            }
            for i in 0..<block {
                for j in 0..<block {
                    r[2 * ((offset + i) * size + offset + j)] = u[i * block + j].re
                    r[2 * ((offset + i) * size + offset + j) + 1] = u[i * block + j].im
                }
            }
            return r
        }
    }

    @inline(__always) func angleValue(_ a: DenseCircuit.Angle, _ w: [Double], _ x: UnsafePointer<Double>) -> Double {
        switch a {
        case .constant(let v): v
        case .weight(let i): w[i]
        case let .input(j, scale): scale * x[j]
        case let .affine(b, wi, j): w[b] + w[wi] * x[j]
        }
    }

    /// The eigendecomposition of sample `x`'s A = (M + Mᵀ)/2, cached by the matrix's contents.
    func eigen(_ x: UnsafePointer<Double>) throws -> SymmetricEigen {
        let d = dimension
        let key = MatrixKey(UnsafeBufferPointer(start: x, count: d * d))
        if let e = eigenCache[key] { return e }
        // a diverged upstream layer can hand over NaN/∞: propagate it instead of failing in LAPACK
        guard UnsafeBufferPointer(start: x, count: d * d).allSatisfy(\.isFinite) else { return SymmetricEigen(undefined: d) }
        var a = [Double](repeating: 0, count: d * d)
        for i in 0..<d { for j in 0..<d { a[i * d + j] = (x[i * d + j] + x[j * d + i]) / 2 } }
        let e = try SymmetricEigen(a, n: d)
        if eigenCache.count >= cacheLimit { eigenCache.removeAll(keepingCapacity: true) }
        eigenCache[key] = e
        return e
    }
}

/// A matrix's identity for the eigendecomposition cache: two independent 64-bit digests of its
/// values (SipHash through `Hasher`, and FNV-1a over the 64-bit words), so a wrong cache hit needs both to collide
/// (≈ 2⁻¹²⁸ per pair) while the key stays 16 bytes instead of a copy of the matrix.
struct MatrixKey: Hashable {
    let sip: Int
    let fnv: UInt64

    init(_ values: UnsafeBufferPointer<Double>) {
        var hasher = Hasher()
        hasher.combine(bytes: UnsafeRawBufferPointer(values))
        sip = hasher.finalize()
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for v in values { h = (h ^ v.bitPattern) &* 0x0000_0100_0000_01b3 }
        fnv = h
    }
}
