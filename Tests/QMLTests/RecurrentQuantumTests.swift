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
