import Foundation
import Testing
@testable import QML

/// Backpropagation through time in the quantum recurrent cells and QFWP against central
/// differences; the cells' step formulas against hand computations.
@Suite struct RecurrentQuantumTests {
    static func random(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
        var rng = RandomGenerator(seed: seed)
        return .uniform(shape, low: -1, high: 1, rng: &rng)
    }

    @Test(arguments: QuantumCells.Kind.allCases)
    func quantumCellsBackpropagateThroughTime(kind: QuantumCells.Kind) throws {
        let cell: any RecurrentCell<Double> = try QuantumCells.make(kind, inputSize: 1, hiddenSize: 3, qubits: 3, layers: 2, seed: 7)
        let model = Recurrent(cell)
        let x = Self.random([3, 4], seed: 2)   // 3 windows of 4 steps
        let result = gradcheck([x], parameters: model.parameters, tolerance: 1e-6) { v in model(v[0]) }
        #expect(result.passed, "\(kind): \(result)")
        #expect(VariationalMaps.quantumWeightCount(model) == kind.mapCount * 3 * 3 * 2)
    }

    @Test func sequenceOutputsEveryStep() throws {
        let cell: any RecurrentCell<Double> = try QuantumCells.make(.lstm, inputSize: 2, hiddenSize: 2, qubits: 2, layers: 1, seed: 3)
        let all = Recurrent(cell, returnsSequence: true)
        let last = Recurrent(cell)
        let x = Self.random([2, 5, 2], seed: 4)
        let sequence = all(x)
        #expect(sequence.shape == [2, 5, 2])
        let final = last(x)
        for r in 0..<2 {
            for h in 0..<2 { #expect(sequence.scalars[r * 10 + 8 + h] == final.scalars[r * 2 + h]) }
        }
        let result = gradcheck([x], parameters: all.parameters, tolerance: 1e-6) { v in all(v[0]) }
        #expect(result.passed, "\(result)")
    }

    @Test func frozenMapsHoldTheirCircuitWeightsAsBuffers() throws {
        let cell: any RecurrentCell<Double> = try QuantumCells.make(.gru, inputSize: 1, hiddenSize: 2, qubits: 2, layers: 1, seed: 3,
                                                                     frozen: true)
        #expect(cell.namedBuffers.count == 3)
        #expect(!cell.namedParameters.contains { $0.name.hasSuffix("weights") })
    }

    @Test func lstmStepMatchesItsFormula() {
        // Maps returning fixed affine values make the gates hand-computable.
        var rng = RandomGenerator(seed: 1)
        let cell = LSTMCell<Double>(inputSize: 1, hiddenSize: 1, rng: &rng)
        let x = Tensor<Double>(shape: [1, 1], scalars: [0.5])
        let h = Tensor<Double>(shape: [1, 1], scalars: [-0.2])
        let c = Tensor<Double>(shape: [1, 1], scalars: [0.3])
        let out = cell.step(Variable(x), [Variable(h), Variable(c)])
        func affine(_ k: Int) -> Double {
            let map = cell.maps[k] as! Linear<Double>
            return map.weight.value.scalars[0] * 0.5 + map.weight.value.scalars[1] * -0.2 + map.bias!.value.scalars[0]
        }
        func sigmoid(_ v: Double) -> Double { 1 / (1 + exp(-v)) }
        let newC = sigmoid(affine(0)) * 0.3 + sigmoid(affine(1)) * tanh(affine(2))
        #expect(abs(out[1].value.scalars[0] - newC) < 1e-12)
        #expect(abs(out[0].value.scalars[0] - sigmoid(affine(3)) * tanh(newC)) < 1e-12)
    }

    @Test func gruStepMatchesItsFormula() {
        var rng = RandomGenerator(seed: 2)
        let cell = GRUCell<Double>(inputSize: 1, hiddenSize: 1, rng: &rng)
        let out = cell.step(Variable(Tensor(shape: [1, 1], scalars: [0.4])), [Variable(Tensor(shape: [1, 1], scalars: [0.7]))])
        func affine(_ k: Int, _ h: Double) -> Double {
            let map = cell.maps[k] as! Linear<Double>
            return map.weight.value.scalars[0] * 0.4 + map.weight.value.scalars[1] * h + map.bias!.value.scalars[0]
        }
        func sigmoid(_ v: Double) -> Double { 1 / (1 + exp(-v)) }
        let r = sigmoid(affine(0, 0.7)), z = sigmoid(affine(1, 0.7))
        let n = tanh(affine(2, r * 0.7))
        #expect(abs(out[0].value.scalars[0] - ((1 - z) * n + z * 0.7)) < 1e-12)
    }

    @Test func arctanEncodingGradient() {
        let layer = ArctanEncoding<Double>()
        let result = gradcheck([Self.random([3, 4], seed: 5) * 3], tolerance: 1e-7) { v in layer(v[0]) }
        #expect(result.passed, "\(result)")
    }

    @Test func fastWeightProgrammerBackpropagatesThroughTime() throws {
        let model = try FastWeightProgrammer<Double>(features: 1, latent: 4, depth: 2, qubits: 4, readoutQubits: 2, seed: 3)
        let x = Self.random([3, 4], seed: 8)
        let result = gradcheck([x], parameters: model.parameters, tolerance: 1e-6) { v in model(v[0]) }
        #expect(result.passed, "\(result)")
        #expect(model(x).shape == [3, 1])
        #expect(model.programmedAngles == 8)
        #expect(VariationalMaps.quantumWeightCount(model) == 0)
    }

    @Test func fastWeightsAccumulateOuterProducts() throws {
        // One step from Θ = 0 programs Θ = a ⊗ b: the circuit's output equals a direct run with those angles.
        let model = try FastWeightProgrammer<Double>(features: 1, latent: 3, depth: 2, qubits: 3, readoutQubits: 3, seed: 5)
        let x = Tensor<Double>(shape: [1, 1], scalars: [0.6])
        let z = model.programmer(x)
        let a = model.depthHead(z).scalars, b = model.qubitHead(z).scalars
        let angles = [0.6] + a.flatMap { ak in b.map { ak * $0 } }
        let direct = model.circuit(Tensor(shape: [1, 7], scalars: angles))
        let expected = model.output(direct)
        #expect(abs(model(x).scalars[0] - expected.scalars[0]) < 1e-12)
    }
}

/// The density-matrix reservoir against hand-computed states.
@Suite struct QuantumReservoirTests {
    @Test func withoutEvolutionTheInputRotatesTheResetQubit() throws {
        // α = 0: V = I, so after RY(π·u) on qubit 0: ⟨Z0⟩ = cos πu, ⟨Z1⟩ = 1, ⟨Z0 Z1⟩ = cos πu; the reset
        // makes every step independent of the last.
        let reservoir = try QuantumReservoir(qubits: 2, resetQubits: 1, rotationScale: 0, seed: 1)
        let u: [Float] = [0.25, 0.5, 0.1]
        let states = reservoir.states(driven: Tensor(shape: [3], scalars: u))
        for (t, v) in u.enumerated() {
            let c = cos(Double.pi * Double(v))
            #expect(abs(Double(states.scalars[3 * t]) - c) < 1e-6)
            #expect(abs(Double(states.scalars[3 * t + 1]) - 1) < 1e-6)
            #expect(abs(Double(states.scalars[3 * t + 2]) - c) < 1e-6)
        }
    }

    @Test func featuresStayPhysicalAndRemember() throws {
        let reservoir = try QuantumReservoir(qubits: 4, resetQubits: 1, rotationScale: 0.5, seed: 3)
        #expect(reservoir.featureCount == 10)
        var rng = RandomGenerator(seed: 1)
        let u = Tensor<Float>.uniform([30], rng: &rng)
        let states = reservoir.states(driven: u)
        #expect(states.scalars.allSatisfy { abs($0) <= 1 + 1e-5 })
        // Changing only the first input changes a later ⟨Z_1⟩ (memory in the qubits not reset; ⟨Z_0⟩ of
        // the freshly encoded qubit is fixed before the diagonal RZZ gates, so it carries none).
        var changed = u.scalars
        changed[0] = 1 - changed[0]
        let other = reservoir.states(driven: Tensor(shape: [30], scalars: changed))
        #expect(abs(other.scalars[10 * 3 + 1] - states.scalars[10 * 3 + 1]) > 1e-6)
    }

    @Test func onionConcatenatesItsReservoirs() throws {
        let onion = try OnionReservoir(qubits: 3, scales: [0.2, 1], seed: 4)
        let series = Tensor<Float>(shape: [5], scalars: [0.1, 0.2, 0.3, 0.4, 0.5])
        let states = onion.states(driven: series)
        #expect(states.shape == [5, 12] && onion.qubits == 6)
        let second = onion.layers[1].states(driven: series)
        for t in 0..<5 {
            for f in 0..<6 { #expect(states.scalars[t * 12 + 6 + f] == second.scalars[t * 6 + f]) }
        }
    }
}
