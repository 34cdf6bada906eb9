import Foundation
import Testing
@testable import QML

/// `OrthogonalCircuit` and `OrthogonalAmplitudeLayer` against the dense simulator, by hand and
/// against central differences.
@Suite struct OrthogonalAmplitudeLayerTests {
    static func random(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
        var rng = RandomGenerator(seed: seed)
        return .uniform(shape, low: -1, high: 1, rng: &rng)
    }

    @Test func oneRotationByHand() throws {
        var c = try OrthogonalCircuit(qubits: 1)
        try c.ry(0)
        let u = c.matrix(weights: [Double.pi / 3])
        let (co, si) = (cos(Double.pi / 6), sin(Double.pi / 6))
        for (a, b) in zip(u, [co, -si, si, co]) { #expect(abs(a - b) < 1e-15) }
    }

    @Test func matrixIsOrthogonalAndMatchesTheDenseSimulator() throws {
        let ortho = try OrthogonalCircuit.layered(qubits: 3, layers: 2, entangler: .cnot)
        var cz = try OrthogonalCircuit.layered(qubits: 3, layers: 1, entangler: .cz)
        try cz.ry(1)
        for circuit in [ortho, cz] {
            var dense = try DenseCircuit(qubits: 3, initialState: .amplitude(features: 8),
                                         readout: .basisStates(qubits: [0, 1, 2], states: Array(0..<8)))
            for op in circuit.operations {
                switch op {
                case let .ry(q, w): try dense.gate(.ry, [q], [.weight(w)])
                case let .cnot(control, target): try dense.gate(.x, [target], controls: [control])
                case let .cz(a, b): try dense.gate(.z, [b], controls: [a])
                }
            }
            let weights = Self.random([circuit.weightCount], seed: 3).scalars.map { 3 * $0 }
            let u = circuit.matrix(weights: weights)
            for i in 0..<8 {
                for j in 0..<8 {
                    let dot = (0..<8).reduce(0.0) { $0 + u[$1 * 8 + i] * u[$1 * 8 + j] }
                    #expect(abs(dot - (i == j ? 1 : 0)) < 1e-12)
                }
            }
            let a = Self.random([1, 8], seed: 4).scalars
            let norm = a.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let psi = (0..<8).map { i in (0..<8).reduce(0.0) { $0 + u[i * 8 + $1] * a[$1] } / norm }
            let expected = try DenseProgram(dense).forward(weights: weights, inputs: a, batch: 1).values
            for (p, q) in zip(psi.map { $0 * $0 }, expected) { #expect(abs(p - q) < 1e-12) }
        }
    }

    @Test func gradientsAgainstCentralDifferences() throws {
        let circuit = try OrthogonalCircuit.layered(qubits: 3, layers: 2, entangler: .cnot)
        for readout in [OrthogonalAmplitudeLayer<Double>.Readout.marginal(qubit: 1), .probabilities] {
            let layer = try OrthogonalAmplitudeLayer<Double>(circuit, readout: readout, seed: 5)
            let energy = Self.random([4, 8], seed: 6)
            let result = gradcheck([energy], parameters: [layer.weights]) { layer($0[0]) }
            #expect(result.passed, "\(result)")
        }
    }

    @Test func marginalIsTheProbabilityThatTheQubitReadsOne() throws {
        let circuit = try OrthogonalCircuit.layered(qubits: 2, layers: 1)
        let marginal = try OrthogonalAmplitudeLayer<Double>(circuit, readout: .marginal(qubit: 1), seed: 2)
        let all = try OrthogonalAmplitudeLayer<Double>(circuit, readout: .probabilities, seed: 2)
        let e = Self.random([3, 4], seed: 7)
        let p = all(Variable(e)).value.scalars
        let m = marginal(Variable(e)).value.scalars
        for s in 0..<3 {
            #expect(abs(p[4 * s ..< 4 * s + 4].reduce(0, +) - 1) < 1e-10)
            #expect(abs(m[s] - p[4 * s + 2] - p[4 * s + 3]) < 1e-12)
        }
    }

    @Test func badShapesAreRefused() {
        #expect(throws: QMLError.self) { try OrthogonalCircuit(qubits: 0) }
        #expect(throws: QMLError.self) {
            var c = try OrthogonalCircuit(qubits: 2)
            try c.append(.cnot(control: 1, target: 1))
        }
        #expect(throws: QMLError.self) {
            try OrthogonalAmplitudeLayer<Float>(try .layered(qubits: 2, layers: 1), readout: .marginal(qubit: 2), seed: 0)
        }
    }
}
