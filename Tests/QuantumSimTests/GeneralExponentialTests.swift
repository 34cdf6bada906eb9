import Foundation
import Testing
@testable import QuantumSim
import Tensor

/// exp(X) of a general complex matrix against its Taylor series, its inverse, its pullback
/// against finite differences; the dense circuit's complex-coefficient SU(2ᵏ) gate: equal to
/// the unitary gate at b = 0, not unitary beyond, gradients (weights and inputs) against
/// central differences.
@Suite struct GeneralExponentialTests {
    static func random(_ n: Int, scale: Double, seed: UInt64) -> ComplexMatrix {
        var rng = RandomGenerator(seed: seed)
        var m = ComplexMatrix(zeros: n)
        m.storage = (0..<(2 * n * n)).map { _ in scale * rng.nextNormal() }
        return m
    }

    /// Σ_k X^k / k! to 60 terms (‖X‖ small enough here for that to be exact to rounding).
    static func taylor(_ x: ComplexMatrix) -> ComplexMatrix {
        var sum = ComplexMatrix.identity(x.n), term = ComplexMatrix.identity(x.n)
        for k in 1...60 {
            term = term.multiplied(by: x)
            term.storage = term.storage.map { $0 / Double(k) }
            sum.storage = zip(sum.storage, term.storage).map { $0 + $1 }
        }
        return sum
    }

    static func maxDifference(_ a: ComplexMatrix, _ b: ComplexMatrix) -> Double {
        zip(a.storage, b.storage).map { abs($0 - $1) }.max()!
    }

    @Test func matchesTheSeriesAndInverts() throws {
        for (n, seed) in [(2, UInt64(1)), (5, 2), (8, 3)] {
            let x = Self.random(n, scale: 0.4, seed: seed)
            let e = try GeneralExponential(x)
            #expect(Self.maxDifference(e.matrix, Self.taylor(x)) < 1e-11, "n = \(n)")
            let product = e.matrix.multiplied(by: e.inverse)
            #expect(Self.maxDifference(product, .identity(n)) < 1e-11, "n = \(n)")
        }
    }

    @Test func pullbackMatchesFiniteDifferences() throws {
        let n = 4
        let x = Self.random(n, scale: 0.5, seed: 7)
        let gBar = Self.random(n, scale: 1, seed: 8)
        let xBar = try GeneralExponential(x).pullback(gBar)
        func loss(_ m: ComplexMatrix) throws -> Double {
            zip(gBar.storage, try GeneralExponential(m).matrix.storage).reduce(0) { $0 + $1.0 * $1.1 }
        }
        var worst = 0.0
        for e in 0..<(2 * n * n) {
            var plus = x, minus = x
            plus.storage[e] += 1e-6
            minus.storage[e] -= 1e-6
            let numeric = (try loss(plus) - loss(minus)) / 2e-6
            worst = max(worst, abs(numeric - xBar.storage[e]))
        }
        #expect(worst < 1e-7, "max |analytic − numeric| = \(worst)")
    }

    /// Two qubits: |+⟩, a data Hamiltonian, a complex SU(4) gate, probabilities of |0⟩…|2⟩.
    static func circuit(complex: Bool) throws -> DenseCircuit {
        var c = try DenseCircuit(qubits: 2, initialState: .plus, readout: .basisStates(qubits: [0, 1], states: [0, 1, 2]))
        try c.append(.fixedHamiltonian(time: -0.5))
        try c.append(complex ? .complexSpecialUnitary(qubits: [1, 0], weightOffset: 0) : .specialUnitary(qubits: [1, 0], weightOffset: 0))
        try c.append(.fixedHamiltonian(time: -0.5))
        return c
    }

    @Test func complexGateAtZeroImaginaryPartsIsTheUnitaryGate() throws {
        var rng = RandomGenerator(seed: 5)
        let a = (0..<15).map { _ in rng.nextNormal() }
        let image = (0..<16).map { _ in rng.nextNormal() }
        let unitary = DenseProgram(try Self.circuit(complex: false))
        let complex = DenseProgram(try Self.circuit(complex: true))
        #expect(try Self.circuit(complex: true).weightCount == 30)
        let (u, ut) = try unitary.forward(weights: a, inputs: image, batch: 1)
        let (v, vt) = try complex.forward(weights: a + [Double](repeating: 0, count: 15), inputs: image, batch: 1)
        #expect(zip(u, v).allSatisfy { abs($0 - $1) < 1e-12 })
        let upstream = [0.4, -1.1, 0.9]
        let gu = unitary.backward(ut, upstream: upstream, inputGradients: true)
        let gv = complex.backward(vt, upstream: upstream, inputGradients: true)
        #expect(zip(gu.weights, gv.weights.prefix(15)).allSatisfy { abs($0 - $1) < 1e-10 })
        #expect(zip(gu.inputs!, gv.inputs!).allSatisfy { abs($0 - $1) < 1e-10 })
    }

    /// A diverged run's weights (∞, NaN) give NaN outputs and gradients, which the trainer
    /// reports as divergence, not a LAPACK failure or a crash.
    @Test func nonFiniteWeightsGiveNaN() throws {
        let program = DenseProgram(try Self.circuit(complex: true))
        var w = [Double](repeating: 0.1, count: 30)
        w[20] = .infinity
        let (values, tape) = try program.forward(weights: w, inputs: [Double](repeating: 0.5, count: 16), batch: 1)
        #expect(values.allSatisfy { $0.isNaN })
        let grads = program.backward(tape, upstream: [1, 1, 1], inputGradients: false)
        #expect(grads.weights.contains { $0.isNaN })
    }

    @Test func complexGateGradientsMatchFiniteDifferences() throws {
        var rng = RandomGenerator(seed: 6)
        let w = (0..<30).map { _ in 0.4 * rng.nextNormal() }
        let image = (0..<16).map { _ in rng.nextNormal() }
        let program = DenseProgram(try Self.circuit(complex: true))
        let upstream = [0.4, -1.1, 0.9]
        func loss(_ w: [Double], _ x: [Double]) throws -> Double {
            zip(try program.forward(weights: w, inputs: x, batch: 1).values, upstream).reduce(0) { $0 + $1.0 * $1.1 }
        }
        let (values, tape) = try program.forward(weights: w, inputs: image, batch: 1)
        // b ≠ 0: the state is no longer normalised
        let all = try DenseProgram(try { var c = try Self.circuit(complex: true)
            c.readout = .basisStates(qubits: [0, 1], states: [0, 1, 2, 3]); return c }()).forward(weights: w, inputs: image, batch: 1)
        #expect(abs(all.values.reduce(0, +) - 1) > 1e-3 && values.count == 3)
        let grads = program.backward(tape, upstream: upstream, inputGradients: true)
        var worst = 0.0
        for i in 0..<30 {
            var plus = w, minus = w
            plus[i] += 1e-6
            minus[i] -= 1e-6
            worst = max(worst, abs((try loss(plus, image) - loss(minus, image)) / 2e-6 - grads.weights[i]))
        }
        for j in 0..<16 {
            var plus = image, minus = image
            plus[j] += 1e-6
            minus[j] -= 1e-6
            worst = max(worst, abs((try loss(w, plus) - loss(w, minus)) / 2e-6 - grads.inputs![j]))
        }
        #expect(worst < 1e-7, "max |analytic − numeric| = \(worst)")
    }
}
