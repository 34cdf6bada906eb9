import Foundation
import Testing
@testable import QuantumSim
import Tensor

/// SU(2ⁿ) exponentials: unitarity, and the Fréchet-derivative gradient against finite
/// differences, including degenerate spectra; the Hamiltonian embedding's derivative in t.
@Suite struct DenseLinearAlgebraTests {
    /// L(ω) = Re tr(Ḡ†·exp(i Σ ω P)) for a fixed random Ḡ.
    static func loss(_ basis: PauliBasis, _ omega: [Double], _ gBar: ComplexMatrix) throws -> Double {
        let u = try HermitianExponential(omega.withUnsafeBufferPointer { basis.hermitian($0) }, c: 1).matrix
        return zip(gBar.storage, u.storage).reduce(0) { $0 + $1.0 * $1.1 }
    }

    static func checkGradient(qubits: Int, omega: [Double], seed: UInt64) throws {
        let basis = PauliBasis(qubits: qubits), d = 1 << qubits
        var rng = RandomGenerator(seed: seed)
        var gBar = ComplexMatrix(zeros: d)
        gBar.storage = (0..<(2 * d * d)).map { _ in rng.nextNormal() }
        let exp = try HermitianExponential(omega.withUnsafeBufferPointer { basis.hermitian($0) }, c: 1)
        var analytic = [Double](repeating: 0, count: basis.count)
        analytic.withUnsafeMutableBufferPointer { basis.coefficientGradient(exp.pullback(gBar), into: $0) }
        let eps = 1e-6
        var worst = 0.0
        for k in 0..<basis.count {
            var plus = omega, minus = omega
            plus[k] += eps; minus[k] -= eps
            let numeric = (try loss(basis, plus, gBar) - loss(basis, minus, gBar)) / (2 * eps)
            worst = max(worst, abs(numeric - analytic[k]))
        }
        #expect(worst < 1e-6, "max |analytic − numeric| = \(worst)")
    }

    @Test func specialUnitaryIsUnitary() throws {
        for n in 1...5 {
            let basis = PauliBasis(qubits: n)
            var rng = RandomGenerator(seed: UInt64(n))
            let omega = (0..<basis.count).map { _ in rng.nextNormal() }
            let u = try HermitianExponential(omega.withUnsafeBufferPointer { basis.hermitian($0) }, c: 1).matrix
            #expect(u.unitarityError < 1e-11, "n = \(n): \(u.unitarityError)")
            #expect(basis.count == (1 << (2 * n)) - 1)
        }
    }

    @Test func specialUnitaryGradientGeneric() throws {
        var rng = RandomGenerator(seed: 11)
        try Self.checkGradient(qubits: 2, omega: (0..<15).map { _ in rng.nextNormal() }, seed: 1)
        try Self.checkGradient(qubits: 3, omega: (0..<63).map { _ in 0.5 * rng.nextNormal() }, seed: 2)
    }

    @Test func specialUnitaryGradientAtDegenerateSpectra() throws {
        // ω = 0 (all eigenvalues equal) and a single Pauli string (two eigenvalues, each 2ⁿ⁻¹-fold).
        try Self.checkGradient(qubits: 2, omega: [Double](repeating: 0, count: 15), seed: 3)
        var single = [Double](repeating: 0, count: 63); single[17] = 0.8
        try Self.checkGradient(qubits: 3, omega: single, seed: 4)
    }

    /// The eigendecomposition cache: one entry per distinct image, a hit returns the same
    /// decomposition, and images that differ in one entry (or only by sign of zero) get their own.
    @Test func eigenCacheKeysOnContents() throws {
        var c = try DenseCircuit(qubits: 2, readout: .expectations([0, 1].map(Observable.z)))
        try c.append(.hamiltonian(time: 0))
        let program = DenseProgram(c)
        let a = (0..<16).map { Double($0 % 5) / 4 }
        var b = a; b[7] += 1e-12
        var z = a; z[0] = -0.0
        let ea = try a.withUnsafeBufferPointer { try program.eigen($0.baseAddress!) }
        let eb = try b.withUnsafeBufferPointer { try program.eigen($0.baseAddress!) }
        _ = try z.withUnsafeBufferPointer { try program.eigen($0.baseAddress!) }
        let again = try a.withUnsafeBufferPointer { try program.eigen($0.baseAddress!) }
        #expect(program.eigenCache.count == 3)
        #expect(again.values == ea.values && again.vectors == ea.vectors)
        #expect(eb.values != ea.values || eb.vectors != ea.vectors)
        // a non-finite image gives NaN outputs, not a LAPACK failure
        var bad = a; bad[5] = .nan
        let outputs = try program.forward(weights: [0.7], inputs: bad, batch: 1).values
        #expect(outputs.allSatisfy { $0.isNaN })
    }

    @Test func hamiltonianEmbeddingDerivativeInTime() throws {
        // A degenerate image (rank 1, so 7 zero eigenvalues), one embedding layer, Z readout.
        var c = try DenseCircuit(qubits: 3, initialState: .plus, readout: .expectations([0, 1, 2].map(Observable.z)))
        try c.append(.hamiltonian(time: 0))
        try c.gate(.ry, [1], [.weight(1)])
        try c.append(.hamiltonian(time: 2))
        let program = DenseProgram(c)
        let v = (0..<8).map { Double($0 % 3) / 2 }
        let image = (0..<64).map { v[$0 / 8] * v[$0 % 8] }
        let upstream = [0.3, -1.2, 0.7]
        func loss(_ w: [Double]) throws -> Double {
            zip(try program.forward(weights: w, inputs: image, batch: 1).values, upstream).reduce(0) { $0 + $1.0 * $1.1 }
        }
        let w = [0.9, 0.4, -1.3]
        let (_, tape) = try program.forward(weights: w, inputs: image, batch: 1)
        let grads = program.backward(tape, upstream: upstream, inputGradients: true)
        for i in [0, 2] {
            var plus = w, minus = w
            plus[i] += 1e-6; minus[i] -= 1e-6
            let numeric = (try loss(plus) - loss(minus)) / 2e-6
            #expect(abs(numeric - grads.weights[i]) < 1e-7, "t\(i): \(grads.weights[i]) vs \(numeric)")
        }
    }
}
