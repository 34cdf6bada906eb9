import CBLAS
import CKernels
import Foundation
import NeuralNetworks

/// Runs a LLaMA-style decoder for inference from its packed weights: 4- and 8-bit blocks stay
/// as stored and are multiplied with int8-quantised activations (the 4-bit kernels), norms,
/// rotary positions, attention and the key/value cache in Float. It holds one sequence: each
/// call appends tokens after the cached ones.
///
/// Cost per token: one read of the weights (≈ 100 MB for SmolLM2-135M in Q4_1) and
/// O(layers · heads · positions · headSize) for attention. Memory: the weights as stored plus
/// the cache, 2 · layers · capacity · keyValueWidth Floats.
public final class DecoderRuntime {
    public let configuration: DecoderConfiguration
    let weights: DecoderWeights
    /// The most positions the cache holds.
    public let capacity: Int
    /// Positions already processed.
    public private(set) var count = 0
    /// Worker threads for the matrix products (1 or more).
    public let pool: WorkerPool
    var keys: [[Float]]
    var values: [[Float]]
    let rotation: RotationTable

    /// A runtime for `weights` holding up to `capacity` positions (at most the model's context).
    public init(weights: DecoderWeights, capacity: Int? = nil, threads: Int = 1) throws {
        let c = weights.configuration
        let positions = min(capacity ?? c.contextLength, c.contextLength)
        guard positions > 0 else { throw TokenizerError.unsupported("the cache must hold at least one position") }
        let kvWidth = c.headSize * c.keyValueHeads
        let cacheBytes = Double(2 * c.layers * positions * kvWidth * 4)
        guard cacheBytes <= MemoryBudget.availableBytes() else {
            throw TokenizerError.unsupported("a cache of \(positions) positions needs \(MemoryBudget.describe(cacheBytes)), "
                + "more than the \(MemoryBudget.describe(MemoryBudget.availableBytes())) available; lower the context")
        }
        self.configuration = c
        self.weights = weights
        self.capacity = positions
        self.pool = WorkerPool(threads: threads)
        // The runtime spreads its own work; BLAS threads inside it would only compete.
        openblas_set_num_threads(1)
        keys = Array(repeating: [Float](repeating: 0, count: positions * kvWidth), count: c.layers)
        values = keys
        rotation = RotationTable(headSize: c.headSize, base: c.ropeBase, positions: positions)
    }

    /// Forgets the sequence.
    public func reset() { count = 0 }

    /// Feeds `tokens` after the cached positions; returns the logits of the last token [V],
    /// or of every token [tokens.count · V] when `all`. Throws when the cache is full or a
    /// token is outside the vocabulary.
    public func callAsFunction(_ tokens: [Int], all: Bool = false) throws -> [Float] {
        let c = configuration
        guard !tokens.isEmpty else { return [] }
        guard count + tokens.count <= capacity else {
            throw TokenizerError.unsupported("the sequence would reach \(count + tokens.count) positions; the cache holds \(capacity)")
        }
        if let bad = tokens.first(where: { $0 < 0 || $0 >= c.vocabularySize }) {
            throw TokenizerError.unknownID(bad, vocabularySize: c.vocabularySize)
        }
        var x = tokens.flatMap { weights.embedding.row($0) }
        for layer in 0..<c.layers { forwardBlock(layer, &x, tokens: tokens.count) }
        let rows = all ? tokens.count : 1
        let last = Array(x[((tokens.count - rows) * c.dimension)...])
        let normed = rmsNorm(last, weights.norm, rows: rows)
        count += tokens.count
        return project(weights.head, Activations(normed, rows: rows, cols: c.dimension))
    }

    func forwardBlock(_ layer: Int, _ x: inout [Float], tokens t: Int) {
        let c = configuration
        let w = weights.blocks[layer]
        let attentionInput = Activations(rmsNorm(x, w.attentionNorm, rows: t), rows: t, cols: c.dimension)
        let qkv = project([w.query, w.key, w.value], attentionInput)
        var (q, k) = (qkv[0], qkv[1])
        let v = qkv[2]
        rotation.rotate(&q, rows: t, heads: c.heads, start: count)
        rotation.rotate(&k, rows: t, heads: c.keyValueHeads, start: count)
        let kvWidth = c.headSize * c.keyValueHeads
        keys[layer].replaceSubrange((count * kvWidth)..<((count + t) * kvWidth), with: k)
        values[layer].replaceSubrange((count * kvWidth)..<((count + t) * kvWidth), with: v)
        let mixed = attend(q, layer: layer, tokens: t)
        add(&x, project(w.output, Activations(mixed, rows: t, cols: c.dimension)))
        let mlpInput = Activations(rmsNorm(x, w.feedForwardNorm, rows: t), rows: t, cols: c.dimension)
        let gateUp = project([w.gate, w.up], mlpInput)
        var gate = gateUp[0]
        let up = gateUp[1]
        for i in gate.indices { gate[i] = gate[i] / (1 + Foundation.exp(-gate[i])) * up[i] }
        add(&x, project(w.down, Activations(gate, rows: t, cols: c.hidden)))
    }

    /// y = W·x for every activation row, the rows of W split over the pool's threads.
    func project(_ matrix: PackedMatrix, _ input: Activations) -> [Float] {
        project([matrix], input)[0]
    }

    /// W·x for several matrices sharing one input, quantised once.
    func project(_ matrices: [PackedMatrix], _ input: Activations) -> [[Float]] {
        input.withPointers(quantized: matrices.contains { $0.isBlockQuantized }) { blocks, floats in
            matrices.map { matrix in
                var y = [Float](repeating: 0, count: input.rows * matrix.rows)
                y.withUnsafeMutableBufferPointer { out in
                    let base = out.baseAddress!
                    pool.run(items: matrix.rows, granularity: 16) { range in
                        matrix.multiply(rows: range, tokens: input.rows, blocks: blocks, floats: floats, into: base, ldy: matrix.rows)
                    }
                }
                return y
            }
        }
    }

    func rmsNorm(_ x: [Float], _ weight: [Float], rows: Int) -> [Float] {
        let d = configuration.dimension
        let epsilon = Float(configuration.normEpsilon)
        var out = x
        for r in 0..<rows {
            var sum: Float = 0
            for i in 0..<d { sum += x[r * d + i] * x[r * d + i] }
            let scale = 1 / (sum / Float(d) + epsilon).squareRoot()
            for i in 0..<d { out[r * d + i] = x[r * d + i] * scale * weight[i] }
        }
        return out
    }

    func add(_ x: inout [Float], _ y: [Float]) {
        for i in x.indices { x[i] += y[i] }
    }
}
