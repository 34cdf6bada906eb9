import Foundation
import Testing
@testable import NeuralNetworks
import Tensor

/// Transformer layers: values worked by hand, gradients against central differences, the
/// rotary embedding's relative-position property, causality, the key/value cache against a
/// full pass, and grouped-query heads against multi-head attention with repeated heads.
struct TransformerTests {
    static func tiny(layers: Int = 2, tied: Bool = true) -> DecoderConfiguration {
        DecoderConfiguration(vocabularySize: 11, dimension: 8, layers: layers, heads: 4, keyValueHeads: 2, hidden: 12,
                             normEpsilon: 1e-6, ropeBase: 100, contextLength: 32, tiedEmbeddings: tied)
    }

    @Test func rmsNormByHand() {
        let norm = RMSNorm<Double>(weight: Tensor([1, 2]), epsilon: 0)
        // x = (3, 4): mean square 12.5, so y = (3, 4) / √12.5 ⊙ (1, 2).
        let y = norm(Variable(Tensor(shape: [1, 2], scalars: [3, 4]))).value.scalars
        #expect(abs(y[0] - 3 / 12.5.squareRoot()) < 1e-12)
        #expect(abs(y[1] - 8 / 12.5.squareRoot()) < 1e-12)
    }

    @Test func layerNormByHand() {
        let norm = LayerNorm<Double>(weight: Tensor([1, 1, 1]), bias: Tensor([0, 0, 1]), epsilon: 0)
        // x = (1, 2, 3): mean 2, variance 2/3.
        let y = norm(Variable(Tensor(shape: [1, 3], scalars: [1, 2, 3]))).value.scalars
        let s = (2.0 / 3).squareRoot()
        #expect(zip(y, [-1 / s, 0, 1 / s + 1]).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func normGradients() {
        var rng = RandomGenerator(seed: 1)
        let rms = RMSNorm<Double>(weight: .normal([5], rng: &rng), epsilon: 1e-5)
        let ln = LayerNorm<Double>(weight: .normal([5], rng: &rng), bias: .normal([5], rng: &rng), epsilon: 1e-5)
        let x = Tensor<Double>.normal([3, 5], rng: &rng)
        #expect(gradcheck([x], parameters: rms.parameters) { rms($0[0]) }.passed)
        #expect(gradcheck([x], parameters: ln.parameters) { ln($0[0]) }.passed)
    }

    /// Rotating q at position m and k at n gives a product that depends on n − m only; a
    /// rotation keeps lengths; the two layouts agree after permuting features.
    @Test(arguments: [RotaryEmbedding.Layout.interleaved, .halves])
    func rotaryDependsOnDistanceOnly(layout: RotaryEmbedding.Layout) {
        var rng = RandomGenerator(seed: 2)
        let rope = RotaryEmbedding(dimension: 6, base: 50, layout: layout)
        let q = Tensor<Double>.normal([1, 6], rng: &rng), k = Tensor<Double>.normal([1, 6], rng: &rng)
        func dot(_ m: Int, _ n: Int) -> Double {
            (rope(Variable(q), start: m).value * rope(Variable(k), start: n).value).sum().scalar
        }
        #expect(abs(dot(3, 7) - dot(10, 14)) < 1e-12)
        #expect(abs(dot(0, 5) - dot(2, 7)) < 1e-12)
        let rotated = rope(Variable(q), start: 9).value
        #expect(abs((rotated * rotated).sum().scalar - (q * q).sum().scalar) < 1e-12)
        #expect(abs(dot(0, 0) - (q * k).sum().scalar) < 1e-12)
    }

    @Test func rotaryLayoutsAgreeUpToAPermutation() {
        var rng = RandomGenerator(seed: 3)
        let x = Tensor<Double>.normal([2, 4], rng: &rng)
        // Interleaved pairs (0,1), (2,3) are the halves layout's pairs (0,2), (1,3).
        let permuted = Tensor(shape: [2, 4], scalars: [0, 1].flatMap { r in [0, 2, 1, 3].map { x.scalars[r * 4 + $0] } })
        let a = RotaryEmbedding(dimension: 4, layout: .interleaved)(Variable(x), start: 5).value
        let b = RotaryEmbedding(dimension: 4, layout: .halves)(Variable(permuted), start: 5).value
        let back = Tensor(shape: [2, 4], scalars: [0, 1].flatMap { r in [0, 2, 1, 3].map { b.scalars[r * 4 + $0] } })
        #expect(zip(a.scalars, back.scalars).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(gradcheck([x]) { RotaryEmbedding(dimension: 4, layout: .interleaved)($0[0], start: 3) }.passed)
    }

    @Test func attentionGradients() {
        var rng = RandomGenerator(seed: 4)
        let attention = Attention<Double>(dimension: 8, heads: 4, keyValueHeads: 2, causal: true,
                                          rotary: RotaryEmbedding(dimension: 2), rng: &rng)
        let x = Tensor<Double>.normal([1, 5, 8], rng: &rng)
        let result = gradcheck([x], parameters: attention.parameters) { attention($0[0]) }
        #expect(result.passed, "\(result)")
    }

    /// Grouped-query attention is multi-head attention whose key/value heads are repeated.
    @Test func groupedQueryEqualsRepeatedHeads() {
        var rng = RandomGenerator(seed: 5)
        let gqa = Attention<Double>(dimension: 8, heads: 4, keyValueHeads: 2, causal: true,
                                    rotary: RotaryEmbedding(dimension: 2), rng: &rng)
        func repeated(_ layer: any Layer<Double>) -> Linear<Double> {
            let w = (layer as! Linear<Double>).weight.value   // [2 heads · 2, 8]
            let rows = [0, 0, 1, 1].flatMap { h in [w.sliced(axis: 0, 2 * h..<2 * h + 2)] }
            return Linear(weight: Tensor.concatenated(rows, axis: 0))
        }
        let mha = Attention<Double>(query: gqa.query, key: repeated(gqa.key), value: repeated(gqa.value), output: gqa.output,
                                    heads: 4, keyValueHeads: 4, headSize: 2, causal: true, rotary: RotaryEmbedding(dimension: 2))
        let x = Variable(Tensor<Double>.normal([2, 6, 8], rng: &rng))
        #expect(zip(gqa(x).value.scalars, mha(x).value.scalars).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    /// Changing later tokens never changes earlier logits; decoding token by token through the
    /// cache gives the logits of one full pass.
    @Test func decoderIsCausalAndTheCacheMatchesAFullPass() {
        var rng = RandomGenerator(seed: 6)
        let model = TransformerDecoder<Double>(Self.tiny(), rng: &rng)
        let tokens = [3, 1, 4, 1, 5, 9, 2, 6]
        let full = model(tokens: tokens).value
        let changed = model(tokens: Array(tokens.prefix(5)) + [0, 0, 0]).value
        #expect(zip(full.scalars.prefix(5 * 11), changed.scalars.prefix(5 * 11)).allSatisfy { abs($0 - $1) < 1e-12 })
        let cache = model.makeCache()
        var steps = model(tokens: Array(tokens.prefix(3)), cache: cache).value.scalars
        for t in tokens.dropFirst(3) { steps += model(tokens: [t], cache: cache).value.scalars }
        #expect(cache[0].count == tokens.count)
        #expect(zip(full.scalars, steps).allSatisfy { abs($0 - $1) < 1e-10 })
    }

    @Test func decoderGradients() {
        var rng = RandomGenerator(seed: 7)
        let model = TransformerDecoder<Double>(Self.tiny(layers: 1, tied: false), rng: &rng)
        let block = model.blocks[0]
        let x = Tensor<Double>.normal([1, 4, 8], rng: &rng)
        let result = gradcheck([x], parameters: block.parameters) { block($0[0]) }
        #expect(result.passed, "\(result)")
        let ids = Variable(Tensor<Double>(shape: [1, 4], scalars: [1, 7, 2, 10]))
        let whole = gradcheck([], parameters: [model.embedding.weight, model.head!.parameters[0]]) { _ in model(ids) }
        #expect(whole.passed, "\(whole)")
    }

    @Test func parameterNamesAndCount() {
        var rng = RandomGenerator(seed: 8)
        let c = Self.tiny()
        let model = TransformerDecoder<Float>(c, rng: &rng)
        #expect(model.parameterCount == c.parameterCount)
        let names = model.namedParameters.map(\.name)
        #expect(names.contains("blocks.1.attention.key.weight"))
        #expect(names.contains("blocks.0.feed_forward.gate.weight"))
        #expect(names.first == "embedding.weight" && names.last == "norm.weight")
    }

    @Test func configurationProblems() {
        var c = Self.tiny()
        #expect(c.problem == nil)
        c.keyValueHeads = 3
        #expect(c.problem?.contains("key/value heads") == true)
        c = Self.tiny()
        c.dimension = 12
        c.heads = 4
        c.keyValueHeads = 4
        #expect(c.problem?.contains("odd") == true)
    }
}
