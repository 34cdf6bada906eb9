import Foundation
import Testing
@testable import Quantization

/// Quantization passes find layers anywhere in the tree: weight-only rounding and its files
/// walk every leaf; integer inference flattens nested Sequentials and names what it refuses.
@Suite struct LayerTreeQuantizationTests {
    static func nested(seed: UInt64) -> Sequential<Float> {
        var rng = RandomGenerator(seed: seed)
        let block = Residual<Float>(Sequential(Linear(8, 8, rng: &rng), Activation(.relu)))
        let heads = Parallel<Float>([Linear(8, 3, rng: &rng), Linear(8, 2, rng: &rng)])
        return Sequential(Linear(6, 8, rng: &rng), block, heads)
    }

    @Test func weightOnlyRoundingReachesNestedLinears() throws {
        let model = Self.nested(seed: 1)
        let scheme = try QuantizationScheme(bits: 4, signed: true, symmetric: true, granularity: .perGroup(size: 4))
        let q = try WeightOnlyQuantization.roundToNearest(model, scheme: scheme)
        let quantized = q.leaves.filter { $0.layer is WeightOnlyLinear }.map(\.path)
        #expect(quantized == ["0", "1.body.0", "2.0", "2.1"])
        var rng = RandomGenerator(seed: 2)
        let x = Tensor<Float>.uniform([5, 6], rng: &rng)
        let error = zip(q(x).scalars, model(x).scalars).map { abs($0 - $1) }.max()!
        #expect(error < 0.2 && error > 0, "\(error)")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rtn-tree-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try WeightOnlyQuantization.save(q, to: url)
        let (loaded, _) = try WeightOnlyQuantization.load(url, into: Self.nested(seed: 7))
        #expect(loaded(x) == q(x))
        #expect(WeightOnlyQuantization.byteCount(loaded) == WeightOnlyQuantization.byteCount(q))
    }

    @Test func integerInferenceFlattensSequentialsAndRefusesParallelBranches() throws {
        var rng = RandomGenerator(seed: 3)
        let inner = Sequential<Float>(Linear(6, 8, rng: &rng), Activation(.relu))
        let nested = Sequential<Float>(inner, Linear(8, 3, rng: &rng))
        let flat = Sequential<Float>(inner.layers + [nested.layers[1]])
        #expect(try nested.integerChain().map(\.path) == ["0.0", "0.1", "1"])
        let calibration = [Tensor<Float>.uniform([16, 6], rng: &rng)]
        let ptq = PostTrainingQuantization(weightScheme: try .weights(bits: 8), activationScheme: .uint8Affine, observer: .minmax)
        let a = try ptq.quantize(nested, calibration: calibration).predict(calibration[0])
        let b = try ptq.quantize(flat, calibration: calibration).predict(calibration[0])
        #expect(a == b)
        #expect {
            try ptq.quantize(Self.nested(seed: 4), calibration: [Tensor<Float>.uniform([4, 6], rng: &rng)])
        } throws: { error in
            "\(error)".contains("layer 2: Parallel")
        }
    }
}
