extension DecoderConfiguration {
    /// The configuration a GGUF file's `llama.*` metadata describes (the embedding table gives
    /// the vocabulary size; a missing `output.weight` means tied embeddings). Throws naming
    /// the key or tensor that is missing or does not fit.
    public init(gguf: GGUF) throws {
        let arch = try gguf.string("general.architecture")
        guard arch == "llama" else {
            throw GGUF.FormatError(file: gguf.file, problem: "architecture \(arch) is not supported (only llama)")
        }
        guard let embedding = gguf.tensor(named: "token_embd.weight"), embedding.shape.count == 2 else {
            throw GGUF.FormatError(file: gguf.file, problem: "no two-dimensional tensor token_embd.weight")
        }
        let heads = try gguf.integer("llama.attention.head_count")
        self.init(vocabularySize: embedding.shape[1], dimension: try gguf.integer("llama.embedding_length"),
                  layers: try gguf.integer("llama.block_count"), heads: heads,
                  keyValueHeads: (try? gguf.integer("llama.attention.head_count_kv")) ?? heads,
                  hidden: try gguf.integer("llama.feed_forward_length"),
                  normEpsilon: try gguf.number("llama.attention.layer_norm_rms_epsilon"),
                  ropeBase: (try? gguf.number("llama.rope.freq_base")) ?? 10_000, ropeLayout: .interleaved,
                  contextLength: try gguf.integer("llama.context_length"),
                  tiedEmbeddings: gguf.tensor(named: "output.weight") == nil)
        if let problem { throw GGUF.FormatError(file: gguf.file, problem: "model sizes: \(problem)") }
        if let rope = try? gguf.integer("llama.rope.dimension_count"), rope != headSize {
            throw GGUF.FormatError(file: gguf.file, problem: "rotary size \(rope) differs from head size \(headSize) (partial rotation is not supported)")
        }
    }
}

extension TransformerDecoder {
    /// The model stored in a llama-architecture GGUF file, every tensor dequantised to `Scalar`
    /// (a 4-bit 135 M-parameter file becomes 540 MB of Float). Throws naming a missing tensor
    /// or one whose shape does not match the metadata.
    public convenience init(gguf: GGUF) throws {
        let c = try DecoderConfiguration(gguf: gguf)
        let load = GGUFTensorLoader<Scalar>(gguf: gguf)
        let epsilon = Scalar(c.normEpsilon)
        let rotary = RotaryEmbedding(dimension: c.headSize, base: c.ropeBase, layout: c.ropeLayout)
        let kvWidth = c.headSize * c.keyValueHeads
        let blocks = try (0..<c.layers).map { i in
            let p = "blk.\(i)."
            let attention = Attention<Scalar>(
                query: Linear(weight: try load(p + "attn_q.weight", [c.dimension, c.dimension])),
                key: Linear(weight: try load(p + "attn_k.weight", [kvWidth, c.dimension])),
                value: Linear(weight: try load(p + "attn_v.weight", [kvWidth, c.dimension])),
                output: Linear(weight: try load(p + "attn_output.weight", [c.dimension, c.dimension])),
                heads: c.heads, keyValueHeads: c.keyValueHeads, headSize: c.headSize, causal: true, rotary: rotary)
            let mlp = GatedFeedForward<Scalar>(
                gate: Linear(weight: try load(p + "ffn_gate.weight", [c.hidden, c.dimension])),
                up: Linear(weight: try load(p + "ffn_up.weight", [c.hidden, c.dimension])),
                down: Linear(weight: try load(p + "ffn_down.weight", [c.dimension, c.hidden])))
            return DecoderBlock<Scalar>(
                attentionNorm: RMSNorm(weight: try load(p + "attn_norm.weight", [c.dimension]), epsilon: epsilon),
                attention: attention,
                feedForwardNorm: RMSNorm(weight: try load(p + "ffn_norm.weight", [c.dimension]), epsilon: epsilon),
                feedForward: mlp)
        }
        let head = c.tiedEmbeddings ? nil : Linear<Scalar>(weight: try load("output.weight", [c.vocabularySize, c.dimension]))
        self.init(configuration: c,
                  embedding: Embedding(weight: try load("token_embd.weight", [c.vocabularySize, c.dimension])),
                  blocks: blocks,
                  norm: RMSNorm(weight: try load("output_norm.weight", [c.dimension]), epsilon: epsilon),
                  head: head)
    }
}

/// Reads named GGUF tensors as row-major tensors (GGUF lists dimensions fastest first, so
/// the shape is reversed), checking the shape.
struct GGUFTensorLoader<Scalar: TensorScalar> {
    let gguf: GGUF

    func callAsFunction(_ name: String, _ shape: [Int]) throws -> Tensor<Scalar> {
        guard let info = gguf.tensor(named: name) else {
            throw GGUF.FormatError(file: gguf.file, problem: "no tensor named \(name)")
        }
        guard Array(info.shape.reversed()) == shape else {
            throw GGUF.FormatError(file: gguf.file, problem: "tensor \(name) has shape \(Array(info.shape.reversed())), expected \(shape)")
        }
        return Tensor(converting: Tensor<Float>(shape: shape, scalars: gguf.floats(info)))
    }
}
