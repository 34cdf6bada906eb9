import Foundation
import Testing
@testable import NeuralNetworks
import Tensor

/// The BERT-style encoder: bidirectional (a later token changes earlier states), post-norm
/// blocks by their formula, gradients against central differences, and loading from Hugging
/// Face tensor names with shape checks.
struct TransformerEncoderTests {
    static let tiny = EncoderConfiguration(vocabularySize: 13, dimension: 8, layers: 2, heads: 2, hidden: 12, positions: 16)

    @Test func everyPositionSeesEveryOther() {
        var rng = RandomGenerator(seed: 1)
        let model = TransformerEncoder<Double>(Self.tiny, rng: &rng)
        let a = model(tokens: [1, 2, 3, 4]).value.scalars
        let b = model(tokens: [1, 2, 3, 5]).value.scalars
        #expect(abs(a[0] - b[0]) > 1e-9)
        #expect(model(tokens: [1, 2, 3, 4]).shape == [4, 8])
    }

    @Test func blockIsPostNorm() {
        var rng = RandomGenerator(seed: 2)
        let block = TransformerEncoder<Double>(Self.tiny, rng: &rng).blocks[0]
        let x = Variable(Tensor<Double>.normal([1, 3, 8], rng: &rng))
        let h = block.attentionNorm(x + block.attention(x))
        let expected = block.feedForwardNorm(h + block.feedForward(h)).value.scalars
        #expect(zip(block(x).value.scalars, expected).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func gradients() {
        var rng = RandomGenerator(seed: 3)
        let model = TransformerEncoder<Double>(Self.tiny, rng: &rng)
        let block = model.blocks[1]
        let x = Tensor<Double>.normal([1, 3, 8], rng: &rng)
        // The key bias adds q·b to every score of a query alike, which softmax ignores: its gradient
        // is zero, and a relative error of rounding noise against zero means nothing.
        let keyBias = block.attention.key.parameters[1]
        let checked = block.parameters.filter { $0 !== keyBias }
        #expect(checked.count == block.parameters.count - 1)
        let result = gradcheck([x], parameters: checked) { block($0[0]) }
        #expect(result.passed, "\(result)")
        let ids = Variable(Tensor<Double>(shape: [1, 3], scalars: [4, 0, 12]))
        let whole = gradcheck([], parameters: [model.words.weight, model.positions.weight]) { _ in model(ids) }
        #expect(whole.passed, "\(whole)")
    }

    @Test func loadsHuggingFaceNamesAndChecksShapes() throws {
        var rng = RandomGenerator(seed: 4)
        let model = TransformerEncoder<Float>(Self.tiny, rng: &rng)
        var tensors = model.huggingFaceTensors
        #expect(tensors.count == 5 + 2 * 16)
        let loaded = try TransformerEncoder<Float>(configuration: Self.tiny, tensors: tensors, file: "m")
        #expect(loaded(tokens: [3, 1, 4]).value.scalars == model(tokens: [3, 1, 4]).value.scalars)
        tensors["encoder.layer.1.intermediate.dense.weight"] = SafeTensors.Entry(Tensor<Float>.zeros([12, 9]))
        #expect(throws: SafeTensorsError.self) { try TransformerEncoder<Float>(configuration: Self.tiny, tensors: tensors, file: "m") }
        tensors["encoder.layer.1.intermediate.dense.weight"] = nil
        do {
            _ = try TransformerEncoder<Float>(configuration: Self.tiny, tensors: tensors, file: "m")
            Issue.record("a missing tensor was accepted")
        } catch let error as SafeTensorsError {
            #expect("\(error)".contains("encoder.layer.1.intermediate.dense.weight"))
        }
    }
}
