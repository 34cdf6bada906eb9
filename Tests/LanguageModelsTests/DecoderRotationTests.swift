import Foundation
import NeuralNetworks
import Quantization
import Testing
@testable import LanguageModels

/// QuaRot-style rotation keeps the decoder's function (logits equal to Float rounding), unties
/// the head and sets the norm gains to 1; attention-concentration weights lie in [1, 3] and
/// come from attention rows that each sum to 1; RSQ's token-weighted GPTQ still beats RTN.
struct DecoderRotationTests {
    static func model(seed: UInt64 = 5) -> TransformerDecoder<Float> {
        var rng = RandomGenerator(seed: seed)
        let c = DecoderConfiguration(vocabularySize: 40, dimension: 48, layers: 2, heads: 6, keyValueHeads: 2, hidden: 96,
                                     normEpsilon: 1e-6, ropeBase: 1000, contextLength: 64)
        let model = TransformerDecoder<Float>(c, rng: &rng)
        for block in model.blocks {
            // gains far from 1 so that folding them is exercised
            for norm in [block.attentionNorm, block.feedForwardNorm] {
                let weight = (norm as! RMSNorm<Float>).weight
                weight.value = Tensor.uniform(weight.shape, low: 0.2, high: 3, rng: &rng)
            }
        }
        return model
    }

    @Test func rotationKeepsTheLogits() throws {
        let tokens = [3, 14, 15, 9, 2, 6, 5, 35]
        let expected = Self.model()(tokens: tokens).value.scalars
        let rotated = try DecoderRotation.rotate(Self.model(), seed: 1)
        #expect(!rotated.configuration.tiedEmbeddings && rotated.head != nil)
        #expect((rotated.blocks[1].attentionNorm as! RMSNorm<Float>).weight.value.scalars.allSatisfy { $0 == 1 })
        let logits = rotated(tokens: tokens).value.scalars
        let largest = expected.map(abs).max()!
        #expect(zip(logits, expected).allSatisfy { abs($0 - $1) < 1e-4 * largest })
        // the weights really changed
        let before = Self.model().blocks[0].attention.query.parameters[0].value.scalars
        #expect(zip(before, rotated.blocks[0].attention.query.parameters[0].value.scalars).contains { abs($0 - $1) > 1e-3 })
    }

    @Test func attentionConcentrationWeights() {
        let model = Self.model()
        let x = model.embedding(tokens: [1, 2, 3, 4, 5, 6]).value.reshaped([1, 6, 48])
        let p = model.blocks[0].attention.probabilities(model.blocks[0].attentionNorm(Variable(x)))
        #expect(p.shape == [1, 6, 6, 6])
        let received = AttentionConcentration.received(p)
        #expect(abs(received.reduce(0, +) - 36) < 1e-4)
        // causal: the last token is seen only by itself in each head
        #expect(received[5] <= 6 + 1e-5)
        let r = AttentionConcentration.weights(model.blocks[0], input: x, range: 1...3)
        #expect(r.count == 6 && abs(r.min()! - 1) < 1e-6 && abs(r.max()! - 3) < 1e-6)
    }

    @Test func tokenWeightedGPTQBeatsRoundToNearest() throws {
        let tests = TransformerQuantizationTests.sequences(4, seed: 97).map { $0.map { $0 % 40 } }
        let reference = try DecoderRotation.rotate(Self.model(), seed: 2)
        let expected = tests.map { reference(tokens: $0).value.scalars }
        func error(_ m: TransformerDecoder<Float>) -> Double {
            zip(tests, expected).reduce(0.0) { total, pair in
                zip(m(tokens: pair.0).value.scalars, pair.1).reduce(total) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }
            }
        }
        let grid = GPTQ(bits: 3, groupSize: 16, blockSize: 16)
        let rtn = try DecoderRotation.rotate(Self.model(), seed: 2)
        _ = try TransformerQuantization(method: .roundToNearest, gptq: grid).quantize(rtn, calibration: [])
        let rsq = try DecoderRotation.rotate(Self.model(), seed: 2)
        let calibration = TransformerQuantizationTests.sequences(32, seed: 3).map { $0.map { $0 % 40 } }
        _ = try TransformerQuantization(method: .gptq, gptq: grid, tokenWeights: 1...3).quantize(rsq, calibration: calibration)
        #expect(error(rsq) < error(rtn), "RSQ \(error(rsq)) vs RTN \(error(rtn))")
    }
}
