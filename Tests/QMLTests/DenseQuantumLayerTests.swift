import Testing
@testable import QML

/// Gradients of `DenseQuantumLayer` (weights and inputs) against central differences.
@Suite struct DenseQuantumLayerTests {
    static func random(_ shape: [Int], seed: UInt64, low: Double = -1, high: Double = 1) -> Tensor<Double> {
        var rng = RandomGenerator(seed: seed)
        return .uniform(shape, low: low, high: high, rng: &rng)
    }

    static func check(_ circuit: DenseCircuit, features: Int, batch: Int = 3, seed: UInt64 = 1, tolerance: Double = 1e-6,
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let layer = try QuantumLayer<Double>(circuit, initialScale: 0.7, seed: seed)
        let x = random([batch, features], seed: seed + 10, low: 0, high: 1)
        let result = gradcheck([x], parameters: [layer.weights], tolerance: tolerance) { v in layer(v[0]) }
        #expect(result.passed, "\(result)", sourceLocation: sourceLocation)
    }

    @Test func gatesWithWeightAndInputAngles() throws {
        var c = try DenseCircuit(qubits: 3, readout: .expectations([0, 2].map(Observable.z)))
        try c.gate(.ry, [0], [.input(0, scale: 1.3)])
        try c.gate(.rx, [1], [.affine(bias: 0, weight: 1, input: 1)])
        try c.gate(.u3, [2], [.weight(2), .weight(3), .input(2, scale: 1)])
        try c.gate(.rxx, [0, 1], [.weight(4)])
        try c.gate(.ryy, [1, 2], [.weight(5)])
        try c.gate(.rzz, [0, 2], [.weight(6)])
        try c.gate(.x, [0], controls: [2])
        try c.gate(.u3, [1], controls: [0], [.weight(7), .weight(8), .weight(9)])
        try c.gate(.rz, [2], controls: [1], [.weight(10)])
        try c.gate(.rx, [1], controls: [2], [.input(0, scale: 0.5)])
        try c.gate(.h, [1])
        try Self.check(c, features: 3)
    }

    @Test func amplitudeEncodingAndSpecialUnitaryWithMarginals() throws {
        var c = try DenseCircuit(qubits: 3, initialState: .amplitude(features: 6), readout: .basisStates(qubits: [2, 0], states: Array(0..<3)))
        try c.append(.specialUnitary(qubits: [0, 1], weightOffset: 0))
        try c.append(.specialUnitary(qubits: [2, 1, 0], weightOffset: 15))
        try Self.check(c, features: 6)
    }

    @Test func hamiltonianEmbeddingGradientInTimeAndImage() throws {
        var c = try DenseCircuit(qubits: 2, initialState: .plus, readout: .basisStates(qubits: [0, 1], states: Array(0..<4)))
        try c.append(.hamiltonian(time: 0))
        try c.append(.specialUnitary(qubits: [0, 1], weightOffset: 1))
        try c.append(.hamiltonian(time: 16))
        try Self.check(c, features: 16)
    }

    @Test func fidelityReadout() throws {
        var c = try DenseCircuit(qubits: 1, readout: .fidelities([BlochVector(0, 0, 1), BlochVector(0, 0, -1), BlochVector(1, 0, 0)]))
        for l in 0..<3 { try c.gate(.u3, [0], [.affine(bias: 6 * l, weight: 6 * l + 1, input: 0), .affine(bias: 6 * l + 2, weight: 6 * l + 3, input: 1), .weight(6 * l + 4)]) }
        try Self.check(c, features: 2)
    }
}

@Suite struct DenseProgramThreadingTests {
    @Test func twoThreadsMatchOne() throws {
        var c = try DenseCircuit(qubits: 3, initialState: .plus, readout: .basisStates(qubits: [0, 1, 2], states: Array(0..<8)))
        try c.append(.hamiltonian(time: 0))
        try c.append(.specialUnitary(qubits: [0, 1], weightOffset: 1))
        try c.gate(.ry, [2], [.weight(16)])
        let program = DenseProgram(c)
        var rng = RandomGenerator(seed: 3)
        let w = (0..<c.weightCount).map { _ in rng.nextNormal() }, x = (0..<(40 * 64)).map { _ in rng.nextUnit() }
        let g = (0..<(40 * 8)).map { _ in rng.nextNormal() }
        var results: [([Double], [Double], [Double]?)] = []
        for threads in [1, 2] {
            program.threads = threads
            let (values, tape) = try program.forward(weights: w, inputs: x, batch: 40)
            let grads = program.backward(tape, upstream: g, inputGradients: true)
            results.append((values, grads.weights, grads.inputs))
        }
        #expect(results[0].0 == results[1].0)
        #expect(zip(results[0].1, results[1].1).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(results[0].2! == results[1].2!)
    }
}
