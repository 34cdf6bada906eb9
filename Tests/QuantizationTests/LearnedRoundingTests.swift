import Foundation
import Testing
@testable import Quantization

/// AdaRound and BRECQ: the soft rounding starts at the float weight, hard codes stay next to
/// it, and the learned rounding reconstructs outputs better than rounding to nearest.
@Suite struct LearnedRoundingTests {
    @Test func softRoundingStartsAtTheFloatWeight() throws {
        var rng = RandomGenerator(seed: 1)
        let linear = Linear<Float>(12, 5, rng: &rng)
        let p = try QuantizationParameters.fitted(to: linear.weight.value, scheme: .weights(bits: 4, granularity: .perTensor))
        let soft = SoftRoundedLayer(linear, parameters: p, input: nil)
        let s = p.scales[0]
        #expect((soft.weight().value - linear.weight.value).abs().max().scalar <= 0.011 * s)
        let floors = linear.weight.value.scalars.map { Int32(($0 / s).rounded(.down)) }
        #expect(zip(soft.hardCodes(), floors).allSatisfy { $0 == $1 || $0 == $1 + 1 || $0 == p.scheme.qmax })
        soft.v.value = Tensor(repeating: 10, shape: soft.v.shape)        // h = 1 everywhere: round up
        #expect(soft.hardCodes() == floors.map { Swift.min($0 + 1, p.scheme.qmax) })
    }

    /// A 3-bit per-tensor linear layer on correlated inputs: the learned codes give a smaller
    /// output error than round-to-nearest.
    @Test func adaRoundBeatsNearestOnALayer() throws {
        var rng = RandomGenerator(seed: 2)
        let model = Sequential<Float>(Linear(16, 8, rng: &rng))
        let mixing = Tensor<Float>.normal([16, 16], rng: &rng)
        let batches = (0..<8).map { _ in Tensor<Float>.normal([32, 16], rng: &rng).matmul(mixing) }
        let plan = BitAllocation.uniform(model, bits: LayerBits(weight: 3, activation: 8))
        let nearest = try MixedPrecisionQuantization(perChannel: false).quantize(model, allocation: plan, calibration: batches)
        var rounding = LearnedRounding()
        rounding.perChannel = false
        rounding.iterations = 400
        rounding.learningRate = 0.01
        let learned = try rounding.quantize(model, allocation: plan, calibration: batches)
        let x = Tensor.concatenated(batches, axis: 0)
        func error(_ m: Sequential<Float>) -> Float { (m(x) - model(x)).squared().mean().scalar }
        #expect(error(learned.model) < 0.8 * error(nearest.model), "learned \(error(learned.model)), nearest \(error(nearest.model))")
        #expect(learned.rounding == "adaround" && learned.layers.count == 1)
    }

    /// BRECQ on a small residual network: blocks are the top-level children, codes are valid
    /// and the model's output error is below round-to-nearest's.
    @Test func brecqReconstructsBlocks() throws {
        let model: Sequential<Float> = Models.resnet20(imageSize: 8, classes: 3, seed: 3)
        var rng = RandomGenerator(seed: 4)
        let batches = (0..<2).map { _ in Tensor<Float>.normal([16, 1, 8, 8], rng: &rng) }
        model.isTraining = false
        let plan = BitAllocation.uniform(model, bits: LayerBits(weight: 3, activation: 8))
        var rounding = LearnedRounding()
        rounding.scope = .block
        rounding.perChannel = false
        rounding.iterations = 25
        rounding.learningRate = 0.01
        #expect(rounding.units(model, planned: Set(plan.entries.map(\.path))).map(\.path)
            == ["0", "3", "4", "5", "6", "7", "8", "9", "10", "11", "14"])
        let learned = try rounding.quantize(model, allocation: plan, calibration: batches)
        let nearest = try MixedPrecisionQuantization(perChannel: false).quantize(model, allocation: plan, calibration: batches)
        let x = Tensor.concatenated(batches, axis: 0)
        func error(_ m: Sequential<Float>) -> Float { (m(x) - model(x)).squared().mean().scalar }
        #expect(error(learned.model) < error(nearest.model), "learned \(error(learned.model)), nearest \(error(nearest.model))")
        let weightOnly = learned.model.leaves.compactMap { $0.layer as? any WeightOnlyLayer }
        #expect(weightOnly.count == 22 && weightOnly.allSatisfy { $0.input != nil && $0.weights.bits == 3 })
    }
}
