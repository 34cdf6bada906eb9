import NeuralNetworks
import Quantization
import Tensor

/// QuaRot's offline rotations of a LLaMA-style decoder (RSQ's "rotate" step), leaving its
/// function unchanged in exact arithmetic while spreading outlier channels over all channels:
/// 1. every RMSNorm gain is folded into the projections it feeds (columns of query, key, value,
///    gate, up; the final gain into the head), the gains set to 1, the head untied;
/// 2. the residual stream is rotated by an orthogonal Q (a random Hadamard rotation when one
///    exists for the width): embedding E ← E Q, projections reading the stream W ← W Q,
///    projections writing it (attention output, down) W ← Qᵀ W, head ← head · Q — RMSNorm with
///    unit gain commutes with Q because ‖xQ‖ = ‖x‖;
/// 3. each value head is rotated by a Hadamard R of the head size: value rows Rᵀ W_v per
///    head, output columns W_o R per head (attention mixes values linearly, so R cancels).
/// Cost O(layers · D² · (D + hidden)).
public enum DecoderRotation {
    public enum RotationError: Error, CustomStringConvertible {
        case unsupported(String)
        public var description: String {
            switch self { case .unsupported(let why): "rotation: \(why)" }
        }
    }

    /// The rotated model. `model`'s projections and norms are changed in place (use the result).
    public static func rotate(_ model: TransformerDecoder<Float>, seed: UInt64) throws -> TransformerDecoder<Float> {
        var rng = RandomGenerator(seed: seed)
        var c = model.configuration
        let (d, h) = (c.dimension, c.headSize)
        let q = Tensor<Float>(shape: [d, d], scalars: Hadamard.randomRotation(size: d, rng: &rng))
        let r = Tensor<Float>(shape: [h, h], scalars: Hadamard.randomRotation(size: h, rng: &rng))
        let finalGain = try takeGain(model.norm)
        let head = try model.head.map { try linear($0).weight.value } ?? model.embedding.weight.value
        for block in model.blocks {
            try rotate(block, q: q, r: r, configuration: c)
        }
        c.tiedEmbeddings = false
        let embedding = Embedding(weight: model.embedding.weight.value.matmul(q))
        let rotatedHead = Linear(weight: scaleColumns(head, finalGain).matmul(q))
        return TransformerDecoder(configuration: c, embedding: embedding, blocks: model.blocks, norm: model.norm, head: rotatedHead)
    }

    static func rotate(_ block: DecoderBlock<Float>, q: Tensor<Float>, r: Tensor<Float>, configuration c: DecoderConfiguration) throws {
        guard let mlp = block.feedForward as? GatedFeedForward<Float> else {
            throw RotationError.unsupported("the MLP is not gated (gate, up, down)")
        }
        let attentionGain = try takeGain(block.attentionNorm)
        for layer in [block.attention.query, block.attention.key, block.attention.value] {
            let w = try linear(layer).weight
            w.value = scaleColumns(w.value, attentionGain).matmul(q)
        }
        let value = try linear(block.attention.value).weight
        value.value = blockDiagonal(r, c.keyValueHeads).matmul(value.value, transposeSelf: true)
        let output = try linear(block.attention.output).weight
        output.value = q.matmul(output.value.matmul(blockDiagonal(r, c.heads)), transposeSelf: true)
        let mlpGain = try takeGain(block.feedForwardNorm)
        for layer in [mlp.gate, mlp.up] {
            let w = try linear(layer).weight
            w.value = scaleColumns(w.value, mlpGain).matmul(q)
        }
        let down = try linear(mlp.down).weight
        down.value = q.matmul(down.value, transposeSelf: true)
    }

    /// The gain of an RMSNorm, which is set to 1.
    static func takeGain(_ layer: any Layer<Float>) throws -> [Float] {
        guard let norm = layer as? RMSNorm<Float> else { throw RotationError.unsupported("a norm is not an RMSNorm") }
        let gain = norm.weight.value.scalars
        norm.weight.value = Tensor(repeating: 1, shape: [gain.count])
        return gain
    }

    static func linear(_ layer: any Layer<Float>) throws -> Linear<Float> {
        guard let linear = layer as? Linear<Float>, linear.bias == nil else {
            throw RotationError.unsupported("a projection is not a Linear layer without bias")
        }
        return linear
    }

    /// W diag(g): column j times g[j].
    static func scaleColumns(_ w: Tensor<Float>, _ g: [Float]) -> Tensor<Float> {
        var scalars = w.scalars
        let cols = g.count
        for i in 0..<scalars.count { scalars[i] *= g[i % cols] }
        return Tensor(shape: w.shape, scalars: scalars)
    }

    /// diag(r, r, …, r) with `count` copies.
    static func blockDiagonal(_ r: Tensor<Float>, _ count: Int) -> Tensor<Float> {
        let h = r.shape[0]
        let n = h * count
        var out = [Float](repeating: 0, count: n * n)
        let values = r.scalars
        for b in 0..<count {
            for i in 0..<h {
                for j in 0..<h { out[(b * h + i) * n + b * h + j] = values[i * h + j] }
            }
        }
        return Tensor(shape: [n, n], scalars: out)
    }
}
