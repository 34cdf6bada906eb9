/// Multi-head scaled dot-product self-attention with grouped-query heads (GQA: `heads` query
/// heads share `keyValueHeads` key/value heads, `heads` a multiple of it; equal counts give
/// ordinary multi-head attention), optional rotary positions, a causal mask and a
/// key/value cache.
///
/// For x [B, T, D]: q = x·Wqᵀ, k = x·Wkᵀ, v = x·Wvᵀ split into heads of size d;
/// y = concat_h softmax(q_h k_gᵀ / √d + M) v_g · Woᵀ, g = h / (heads / keyValueHeads),
/// M = −∞ above the diagonal when causal. Cost O(B·T·D² + B·heads·T·S·d), S the attended positions.
public final class Attention<Scalar: TensorScalar>: LayerContainer {
    /// The projections (Linear layers, or quantized replacements of them).
    public let query: any Layer<Scalar>
    public let key: any Layer<Scalar>
    public let value: any Layer<Scalar>
    public let output: any Layer<Scalar>
    public let heads: Int
    public let keyValueHeads: Int
    /// Size of each head.
    public let headSize: Int
    /// Whether position t sees only positions ≤ t.
    public let causal: Bool
    /// Rotation applied to queries and keys, or nil for none (BERT adds positions to the input).
    public let rotary: RotaryEmbedding?

    /// Attention over the given projections: query gives heads · headSize features, key and
    /// value keyValueHeads · headSize each.
    public init(query: any Layer<Scalar>, key: any Layer<Scalar>, value: any Layer<Scalar>, output: any Layer<Scalar>,
                heads: Int, keyValueHeads: Int, headSize: Int, causal: Bool, rotary: RotaryEmbedding?) {
        precondition(heads > 0 && keyValueHeads > 0 && heads % keyValueHeads == 0 && headSize > 0,
                     "Attention: \(heads) query heads are not a multiple of \(keyValueHeads) key/value heads")
        (self.query, self.key, self.value, self.output) = (query, key, value, output)
        (self.heads, self.keyValueHeads, self.headSize) = (heads, keyValueHeads, headSize)
        (self.causal, self.rotary) = (causal, rotary)
    }

    /// Randomly initialised projections (no biases) for a model of width `dimension`.
    public convenience init(dimension: Int, heads: Int, keyValueHeads: Int, causal: Bool,
                            rotary: RotaryEmbedding?, bias: Bool = false, rng: inout RandomGenerator) {
        let kvWidth = dimension / heads * keyValueHeads
        self.init(query: Linear(dimension, dimension, bias: bias, rng: &rng),
                  key: Linear(dimension, kvWidth, bias: bias, rng: &rng),
                  value: Linear(dimension, kvWidth, bias: bias, rng: &rng),
                  output: Linear(dimension, dimension, bias: bias, rng: &rng),
                  heads: heads, keyValueHeads: keyValueHeads, headSize: dimension / heads, causal: causal, rotary: rotary)
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> { self(x, cache: nil) }

    /// Attends x [B, T, D] (or [T, D]) over the cached positions and itself; appends its keys
    /// and values to `cache`.
    public func callAsFunction(_ x: Variable<Scalar>, cache: KeyValueCache<Scalar>?) -> Variable<Scalar> {
        let input = x.shape.count == 2 ? x.reshaped([1] + x.shape) : x
        precondition(input.shape.count == 3, "Attention: input \(x.shape) is not [batch, positions, width]")
        let (batch, count) = (input.shape[0], input.shape[1])
        let start = cache?.count ?? 0
        var q = split(query(input), heads: heads)
        var k = split(key(input), heads: keyValueHeads)
        var v = split(value(input), heads: keyValueHeads)
        if let rotary {
            q = rotary(q, start: start)
            k = rotary(k, start: start)
        }
        if let cache {
            let (pastKeys, pastValues) = (cache.keys, cache.values)
            cache.append(keys: k.value, values: v.value)
            if let pastKeys, let pastValues {
                k = Variable.concatenated([Variable(pastKeys), k], axis: 2)
                v = Variable.concatenated([Variable(pastValues), v], axis: 2)
            }
        }
        let mixed = probabilities(q, k, start: start).matmul(shared(v))
        let merged = mixed.permuted([0, 2, 1, 3]).reshaped([batch, count, heads * headSize])
        let y = output(merged)
        return y.reshaped(x.shape.dropLast() + [y.shape[2]])
    }

    /// The attention probabilities of x [B, T, D] (or [T, D]) attending to itself, no cache:
    /// [B, heads, T, T], row t the weights query t gives the keys.
    public func probabilities(_ x: Variable<Scalar>) -> Tensor<Scalar> {
        let input = x.shape.count == 2 ? x.reshaped([1] + x.shape) : x
        var q = split(query(input), heads: heads)
        var k = split(key(input), heads: keyValueHeads)
        if let rotary {
            q = rotary(q, start: 0)
            k = rotary(k, start: 0)
        }
        return probabilities(q, k, start: 0).value
    }

    /// softmax(q kᵀ / √d + M) for split heads q [B, heads, T, d] and k [B, kv, S, d].
    private func probabilities(_ q: Variable<Scalar>, _ k: Variable<Scalar>, start: Int) -> Variable<Scalar> {
        var scores = q.matmul(shared(k), transposeOther: true) * (1 / Scalar(headSize).squareRoot())
        if causal { scores = scores + causalMask(queries: q.shape[2], start: start) }
        return scores.softmax(axis: -1)
    }

    /// [B, T, n·d] → [B, n, T, d].
    private func split(_ x: Variable<Scalar>, heads n: Int) -> Variable<Scalar> {
        x.reshaped([x.shape[0], x.shape[1], n, headSize]).permuted([0, 2, 1, 3])
    }

    /// Key/value heads repeated for their query group: [B, kv, S, d] → [B, heads, S, d].
    private func shared(_ x: Variable<Scalar>) -> Variable<Scalar> {
        guard keyValueHeads != heads else { return x }
        let (b, s, d) = (x.shape[0], x.shape[2], headSize)
        let group = heads / keyValueHeads
        return x.reshaped([b, keyValueHeads, 1, s, d]).broadcast(to: [b, keyValueHeads, group, s, d])
            .reshaped([b, heads, s, d])
    }

    /// 0 where query start + t may see key s (s ≤ start + t), −∞ elsewhere: [T, start + T].
    private func causalMask(queries: Int, start: Int) -> Tensor<Scalar> {
        let keys = start + queries
        var mask = [Scalar](repeating: 0, count: queries * keys)
        for t in 0..<queries {
            for s in (start + t + 1)..<max(keys, start + t + 1) { mask[t * keys + s] = -.infinity }
        }
        return Tensor(shape: [queries, keys], scalars: mask)
    }

    public var children: [(name: String, layer: any Layer<Scalar>)] {
        [("query", query), ("key", key), ("value", value), ("output", output)]
    }

    public func replacingChildren(_ layers: [any Layer<Scalar>]) -> any Layer<Scalar> {
        Attention(query: layers[0], key: layers[1], value: layers[2], output: layers[3], heads: heads,
                  keyValueHeads: keyValueHeads, headSize: headSize, causal: causal, rotary: rotary)
    }
}
