import Foundation
import Testing
@testable import QML

/// `QuantumLayer` (QuantumSim circuits) gradients against finite differences, templates and encoders.
@Suite struct QuantumLayerTests {
    static func random(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
        var rng = RandomGenerator(seed: seed)
        return .uniform(shape, low: -1, high: 1, rng: &rng)
    }

    @Test func weightAndInputGradientsMatchFiniteDifferences() throws {
        let circuit = Encoders.angle(features: 3, axis: .y) + Templates.stronglyEntangling(qubits: 3, layers: 2)
        for readout in [QuantumReadout.expectations([.z(0), try .parse("0.5*X1 Z2 - Y0")]),
                        .basisStates(qubits: [0, 2], states: [0, 3]), .marginals(qubits: [1, 2])] {
            let layer = try QuantumLayer<Double>(circuit, readout: readout, seed: 4)
            let result = gradcheck([Self.random([4, 3], seed: 9)], parameters: [layer.weights], tolerance: 1e-6) { v in layer(v[0]) }
            #expect(result.passed, "\(readout): \(result)")
        }
    }

    @Test func layerSitsBetweenClassicalLayers() throws {
        var rng = RandomGenerator(seed: 1)
        let quantum = try QuantumLayer<Double>(Encoders.angle(features: 2, axis: .x) + Templates.hardwareEfficient(qubits: 2, layers: 2),
                                               readout: .expectations([.z(0), .z(1)]), seed: 2)
        let model = Sequential<Double>(Linear(3, 2, rng: &rng), quantum, Linear(2, 2, rng: &rng))
        let result = gradcheck([Self.random([5, 3], seed: 3)], parameters: model.parameters, tolerance: 1e-6) { v in model(v[0]) }
        #expect(result.passed, "\(result)")
        #expect(model.namedParameters.map(\.name) == ["0.weight", "0.bias", "1.weights", "2.weight", "2.bias"])
    }

    @Test func iqpEncodingIsDifferentiable() throws {
        let layer = try QuantumLayer<Double>(Encoders.iqp(qubits: 3, reps: 2) + Templates.basicEntangler(qubits: 3, layers: 1),
                                             readout: .expectations([.z(0), .z(2)]), seed: 5)
        let features = IQPFeatures<Double>()
        let result = gradcheck([Self.random([3, 3], seed: 6)], parameters: [layer.weights], tolerance: 1e-6) { v in layer(features(v[0])) }
        #expect(result.passed, "\(result)")
    }

    @Test func templateWeightCounts() {
        #expect(Templates.basicEntangler(qubits: 4, layers: 3).weightCount == 12)
        #expect(Templates.stronglyEntangling(qubits: 4, layers: 3).weightCount == 36)
        #expect(Templates.hardwareEfficient(qubits: 4, layers: 3).weightCount == 24)
        #expect(Templates.efficientSU2(qubits: 4, reps: 2).weightCount == 24)
        #expect(Templates.rotationsCZ(qubits: 10, layers: 4).weightCount == 120)
        #expect(Templates.qaoa(qubits: 4, layers: 3).weightCount == 6)
        #expect(Templates.qaoa(qubits: 4, layers: 3, perGate: true).weightCount == 24)
        #expect(Templates.qcnnConvolution(qubits: 4, pairs: [(0, 1), (2, 3)]).weightCount == 15)
        // Composed templates allocate their own weights: nothing is shared by accident.
        let composed = Templates.hardwareEfficient(qubits: 4, layers: 2) + Templates.basicEntangler(qubits: 4, layers: 1)
        #expect(composed.weightCount == 16 + 4)
        let used = composed.instructions.flatMap(\.parameters).compactMap { p -> Int? in
            if case let .weight(i) = p.source { return i } else { return nil }
        }
        #expect(used.sorted() == Array(0..<20))
        let pooled = Templates.qcnnConvolution(qubits: 4, pairs: [(0, 1)]) + Templates.qcnnPooling(qubits: 4, pairs: [(1, 0)])
        #expect(pooled.weightCount == 17)
        #expect(Encoders.denseAngle(features: 5).qubitCount == 3)
    }

    @Test func basisEncodingPreparesTheBitString() throws {
        let layer = try QuantumLayer<Double>(Encoders.basis(features: 3), readout: .basisStates(qubits: [0, 1, 2], states: [5]), weights: Tensor(shape: [0], scalars: []))
        let p = layer(Tensor<Double>(shape: [2, 3], scalars: [1, 0, 1, 0, 1, 1]))
        #expect(abs(p.scalars[0] - 1) < 1e-12 && abs(p.scalars[1]) < 1e-12)
    }
}
