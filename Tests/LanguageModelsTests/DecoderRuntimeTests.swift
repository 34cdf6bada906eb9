import Foundation
import NeuralNetworks
import Testing
@testable import LanguageModels

/// The fast runtime against the layer-tree decoder on a small random model written to GGUF:
/// with Float weights the two agree to rounding; with 4/8-bit blocks the runtime quantises its
/// activations to int8, so logits agree to about a percent. Token-by-token decoding through
/// the cache equals one pass.
struct DecoderRuntimeTests {
    static let configuration = DecoderConfiguration(vocabularySize: 40, dimension: 64, layers: 2, heads: 4, keyValueHeads: 2,
                                                    hidden: 96, normEpsilon: 1e-5, ropeBase: 1000, contextLength: 64)

    static func model(type: GGUF.TensorType) throws -> (TransformerDecoder<Float>, GGUF) {
        var rng = RandomGenerator(seed: 11)
        let model = TransformerDecoder<Float>(configuration, rng: &rng)
        for p in model.parameters where p.value.rank == 1 {
            p.value = Tensor(p.value.scalars.map { _ in Float(1 + 0.2 * rng.nextNormal()) })
        }
        model.embedding.weight.value = model.embedding.weight.value * 20
        let data = try GGUF.encode(metadata: configuration.ggufMetadata, tensors: model.ggufTensors { _, _ in type })
        let file = try GGUF(data)
        return (try TransformerDecoder<Float>(gguf: file), file)
    }

    @Test(arguments: [(GGUF.TensorType.f32, Float(1e-4)), (.q8_0, 0.02), (.q4_1, 0.03), (.q4_0, 0.03)])
    func logitsMatchTheLayerTree(type: GGUF.TensorType, tolerance: Float) throws {
        let (reference, file) = try Self.model(type: type)
        let runtime = try DecoderRuntime(weights: DecoderWeights(gguf: file), threads: 2)
        let tokens = [3, 17, 5, 39, 0, 22, 8]
        let expected = reference(tokens: tokens).value.scalars
        let fast = try runtime(tokens, all: true)
        let scale = expected.map(abs).max()!
        let worst = zip(fast, expected).map { abs($0 - $1) }.max()!
        #expect(worst < tolerance * scale, "\(type): worst \(worst) of \(scale)")
    }

    @Test func stepByStepEqualsOnePass() throws {
        let (_, file) = try Self.model(type: .q4_1)
        let weights = try DecoderWeights(gguf: file)
        let tokens = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        let whole = try DecoderRuntime(weights: weights)(tokens)
        let runtime = try DecoderRuntime(weights: weights, threads: 2)
        var last: [Float] = []
        _ = try runtime(Array(tokens.prefix(4)))
        for t in tokens.dropFirst(4) { last = try runtime([t]) }
        #expect(runtime.count == tokens.count)
        #expect(zip(whole, last).allSatisfy { abs($0 - $1) < 1e-4 * max(1, abs($1)) })
    }

    @Test func refusals() throws {
        let (_, file) = try Self.model(type: .q8_0)
        let runtime = try DecoderRuntime(weights: DecoderWeights(gguf: file), capacity: 4)
        #expect(throws: TokenizerError.unknownID(40, vocabularySize: 40)) { try runtime([1, 40]) }
        #expect(throws: TokenizerError.self) { try runtime([1, 2, 3, 4, 5]) }
        #expect(runtime.count == 0)
    }

    @Test func perplexityWindowsFollowTheRecipe() {
        // 10 tokens, windows of 4 every 2: [0,4) scores 1…3; [2,6) scores 4, 5; [4,8) 6, 7; [6,10) 8, 9.
        let plan = Perplexity.windows(tokens: 10, context: 4, stride: 2)
        #expect(plan.map(\.begin) == [0, 2, 4, 6])
        #expect(plan.map { $0.begin + $0.firstScored } == [1, 4, 6, 8])
        // A uniform model scores log V per token.
        let p = Perplexity.measure((0..<10).map { $0 % 5 }, context: 4, stride: 2, vocabularySize: 5) { Array(repeating: 0, count: $0.count * 5) }
        #expect(p.scored == 9 && abs(p.perplexity - 5) < 1e-9)
    }
}
