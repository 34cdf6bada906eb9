import Foundation
import Testing
@testable import NeuralNetworks

/// The layer tree: containers (Sequential, Parallel, Residual) name their children, and
/// parameters, buffers, modes, checkpoints and leaf replacement walk the whole tree.
@Suite struct LayerTreeTests {
    /// Sequential(Linear 4→4, Residual(Sequential(Linear, BN)), Parallel(slices 2+2 → Linear 2→1 each)).
    static func model(seed: UInt64 = 0) -> Sequential<Double> {
        var rng = RandomGenerator(seed: seed)
        let block = Residual<Double>(Sequential(Linear(4, 4, rng: &rng), BatchNorm<Double>.oneD(4)), activation: Activation(.tanh))
        let heads = Parallel<Double>([Linear(2, 1, rng: &rng), Linear(2, 1, rng: &rng)], input: .slices([2, 2]))
        return Sequential(Linear(4, 4, rng: &rng), block, heads)
    }

    @Test func namesAreDottedPaths() {
        let m = Self.model()
        #expect(m.namedParameters.map(\.name) == ["0.weight", "0.bias", "1.body.0.weight", "1.body.0.bias", "1.body.1.weight",
                                                   "1.body.1.bias", "2.0.weight", "2.0.bias", "2.1.weight", "2.1.bias"])
        #expect(m.namedBuffers.map(\.name) == ["1.body.1.running_mean", "1.body.1.running_var"])
        #expect(m.leaves.map(\.path) == ["0", "1.body.0", "1.body.1", "1.activation", "2.0", "2.1"])
        #expect(m.descendants.map(\.path).contains("1.body"))
        let r = m.setBuffer("1.body.1.running_mean", to: Tensor(shape: [4], scalars: [1, 2, 3, 4]))
        #expect(r && m.namedBuffers[0].tensor.scalars == [1, 2, 3, 4])
        #expect(!m.setBuffer("1.body.9.running_mean", to: Tensor(shape: [4], scalars: [1, 2, 3, 4])))
        m.isTraining = false
        #expect(m.leaves.allSatisfy { !$0.layer.isTraining })
    }

    @Test func residualAndParallelComputeByHand() {
        var rng = RandomGenerator(seed: 3)
        let inner = Linear<Double>(3, 3, rng: &rng)
        let x = Tensor<Double>(shape: [2, 3], scalars: [1, -2, 0.5, 0, 3, -1])
        let residual = Residual<Double>(inner)
        #expect(residual(x) == inner(x) + x)
        let a = Linear<Double>(2, 1, rng: &rng)
        let b = Linear<Double>(1, 2, rng: &rng)
        let sliced = Parallel<Double>([a, b], input: .slices([2, 1]))(x)
        let xa = Tensor<Double>(shape: [2, 2], scalars: [1, -2, 0, 3])
        let xb = Tensor<Double>(shape: [2, 1], scalars: [0.5, -1])
        #expect(sliced == Tensor.concatenated([a(xa), b(xb)], axis: 1))
        let shared = Parallel<Double>([inner, inner])(x)
        #expect(shared.shape == [2, 6] && shared == Tensor.concatenated([inner(x), inner(x)], axis: 1))
    }

    @Test func gradientsFlowThroughTheTree() {
        let m = Self.model(seed: 5)
        m.isTraining = false
        var rng = RandomGenerator(seed: 9)
        let x = Tensor<Double>.uniform([3, 4], rng: &rng)
        let result = gradcheck([x], parameters: m.parameters) { m($0[0]).squared().sum() }
        #expect(result.passed, "\(result)")
    }

    @Test func checkpointsRoundTripNestedModels() throws {
        let a = Self.model(seed: 1)
        let b = Self.model(seed: 2)
        _ = a.setBuffer("1.body.1.running_var", to: Tensor(shape: [4], scalars: [2, 3, 4, 5]))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tree-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint.save(model: a, to: url)
        try Checkpoint.load(into: b, from: url)
        a.isTraining = false
        b.isTraining = false
        let x = Tensor<Double>(shape: [1, 4], scalars: [0.1, 0.2, 0.3, 0.4])
        #expect(a(x) == b(x))
    }

    @Test func mapLeavesReplacesOnlyWhatItReturns() {
        let m = Self.model()
        let mapped = m.mappingLeaves { path, layer in path == "2.1" ? Activation<Double>(.relu) : nil }
        #expect(mapped.leaves.map(\.path) == ["0", "1.body.0", "1.body.1", "1.activation", "2.0", "2.1"])
        #expect(mapped.leaves[5].layer is Activation<Double> && mapped.layers[0] === m.layers[0])
        #expect(mapped.layers[1] === m.layers[1] && mapped.layers[2] !== m.layers[2])
        #expect(m.mappingLeaves { _, _ in nil } === m)
    }
}
