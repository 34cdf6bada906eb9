import Foundation
import NeuralNetworks
import Quantization
import Testing
@testable import LanguageModels

/// GPTQ over a whole decoder: every projection rounded to its grid, the model's outputs on
/// held-out sequences closer to the float model's than round-to-nearest's, and the written
/// GGUF holding exactly the rounded values.
struct TransformerQuantizationTests {
    static func model() -> TransformerDecoder<Float> {
        var rng = RandomGenerator(seed: 5)
        let c = DecoderConfiguration(vocabularySize: 50, dimension: 64, layers: 2, heads: 4, keyValueHeads: 2, hidden: 128,
                                     normEpsilon: 1e-5, ropeBase: 1000, contextLength: 64)
        let model = TransformerDecoder<Float>(c, rng: &rng)
        model.embedding.weight.value = model.embedding.weight.value * 40
        return model
    }

    static func sequences(_ count: Int, seed: UInt64) -> [[Int]] {
        var rng = RandomGenerator(seed: seed)
        // Correlated tokens (a random walk) so the inputs have structure GPTQ can use.
        return (0..<count).map { _ in
            var t = Int(rng.next() % 50)
            return (0..<24).map { _ in
                t = (t + Int(rng.next() % 5)) % 50
                return t
            }
        }
    }

    func outputError(_ model: TransformerDecoder<Float>, _ reference: [[Float]], _ tests: [[Int]]) -> Double {
        var total = 0.0
        for (tokens, expected) in zip(tests, reference) {
            let logits = model(tokens: tokens).value.scalars
            for (a, b) in zip(logits, expected) { total += Double((a - b) * (a - b)) }
        }
        return total
    }

    @Test(arguments: [(3, false), (4, false), (3, true)])
    func gptqBeatsRoundToNearest(bits: Int, trueSequential: Bool) throws {
        let tests = Self.sequences(4, seed: 99)
        let reference = tests.map { Self.model()(tokens: $0).value.scalars }
        let grid = GPTQ(bits: bits, groupSize: 32, blockSize: 32, halfPrecisionGrid: true)
        let rtn = Self.model()
        _ = try TransformerQuantization(method: .roundToNearest, gptq: grid).quantize(rtn, calibration: [])
        let gptq = Self.model()
        let results = try TransformerQuantization(method: .gptq, gptq: grid, trueSequential: trueSequential)
            .quantize(gptq, calibration: Self.sequences(32, seed: 1))
        #expect(results.count == 14)
        let (e1, e2) = (outputError(rtn, reference, tests), outputError(gptq, reference, tests))
        #expect(e2 < e1, "GPTQ \(e2) vs RTN \(e1)")
    }

    /// The same on a BERT-style encoder: its 6 projections per block rounded, GPTQ's hidden
    /// states closer to the float encoder's than RTN's.
    @Test func encoderGPTQBeatsRoundToNearest() throws {
        func encoder() -> TransformerEncoder<Float> {
            var rng = RandomGenerator(seed: 8)
            let c = EncoderConfiguration(vocabularySize: 50, dimension: 64, layers: 2, heads: 4, hidden: 128, positions: 32)
            return TransformerEncoder<Float>(c, rng: &rng)
        }
        let tests = Self.sequences(4, seed: 98)
        let reference = tests.map { encoder()(tokens: $0).value.scalars }
        func error(_ model: TransformerEncoder<Float>) -> Double {
            zip(tests, reference).reduce(0.0) { total, pair in
                zip(model(tokens: pair.0).value.scalars, pair.1).reduce(total) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }
            }
        }
        let grid = GPTQ(bits: 3, groupSize: 32, blockSize: 32)
        let rtn = encoder()
        _ = try TransformerQuantization(method: .roundToNearest, gptq: grid).quantize(rtn, calibration: [])
        let gptq = encoder()
        let results = try TransformerQuantization(method: .gptq, gptq: grid).quantize(gptq, calibration: Self.sequences(32, seed: 2))
        #expect(results.count == 12 && results[5].path == "blocks.0.feed_forward.output")
        #expect(error(gptq) < error(rtn), "GPTQ \(error(gptq)) vs RTN \(error(rtn))")
    }

    @Test func writtenFileHoldsTheRoundedValues() throws {
        let model = Self.model()
        let source = try GGUF(GGUF.encode(metadata: model.configuration.ggufMetadata,
                                          tensors: model.ggufTensors { _, _ in .f32 }))
        let results = try TransformerQuantization(method: .gptq, gptq: GPTQ(bits: 3, groupSize: 64, halfPrecisionGrid: true))
            .quantize(model, calibration: Self.sequences(8, seed: 2))
        let file = try GGUF(QuantizedDecoderFile.encode(model, rounded: results, source: source))
        #expect(file.tensor(named: "blk.1.ffn_down.weight")?.type == .q4_1)
        #expect(try file.floats(named: "blk.1.ffn_down.weight") == (model.blocks[1].feedForward.children[2].layer as! Linear<Float>).weight.value.scalars)
        let reloaded = try TransformerDecoder<Float>(gguf: file)
        let tokens = [1, 2, 3, 4]
        #expect(reloaded(tokens: tokens).value.scalars == model(tokens: tokens).value.scalars)
    }
}
