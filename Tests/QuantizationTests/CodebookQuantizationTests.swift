import Foundation
import Testing
@testable import Quantization

/// Codebooks: k-means by hand, groups follow the neuron order, learning never ends worse than
/// k-means and beats uniform 3-bit weights on a layer.
@Suite struct CodebookQuantizationTests {
    @Test func kMeansFindsSeparatedClusters() {
        let values: [Float] = [-2.1, -1.9, -2.0, 0.1, -0.1, 0.0, 3.0, 3.2, 2.8]
        let book = CodebookQuantization.kMeans(values, entries: 3)
        for (got, want) in zip(book, [-2.0, 0.0, 3.0] as [Float]) { #expect(Swift.abs(got - want) < 1e-5) }
        #expect(CodebookQuantization.nearest(2.9, in: book) == 2)
    }

    @Test func groupsFollowTheNeuronOrder() {
        var rng = RandomGenerator(seed: 1)
        let scales: [Float] = [5, 1, 3, 0.5]
        let w = Tensor<Float>(shape: [4, 6], scalars: (0..<24).map { scales[$0 / 6] * Float(rng.nextNormal()) })
        var q = CodebookQuantization()
        q.groupSize = 2
        q.bits = 2
        let codes = q.initialCodes(w)
        #expect(codes.order == [3, 1, 2, 0])
        #expect(codes.codebooks.count == 2 && codes.codebooks.allSatisfy { $0.count == 4 && $0 == $0.sorted() })
        #expect(codes.byteCount(bits: 2) == (24 * 2 + 7) / 8 + 4 * 8 + 2 * 4)
    }

    @Test func learnedCodebooksBeatKMeansAndUniform() throws {
        var rng = RandomGenerator(seed: 2)
        let model = Sequential<Float>(Linear(24, 16, rng: &rng))
        let mixing = Tensor<Float>.normal([24, 24], rng: &rng)
        let batches = (0..<4).map { _ in Tensor<Float>.normal([64, 24], rng: &rng).matmul(mixing) }
        var q = CodebookQuantization()
        q.iterations = 0
        let kMeans = try q.quantize(model, calibration: batches).model
        q.iterations = 200
        q.learningRate = 0.003
        let learned = try q.quantize(model, calibration: batches).model
        let uniform = try WeightOnlyQuantization.roundToNearest(model, scheme: .weights(bits: 3))
        let x = Tensor.concatenated(batches, axis: 0), reference = model(x)
        func error(_ m: any Layer<Float>) -> Float { (m(x) - reference).squared().mean().scalar }
        #expect(error(learned) <= error(kMeans))
        #expect(error(kMeans) < error(uniform), "k-means \(error(kMeans)), uniform \(error(uniform))")
    }
}
