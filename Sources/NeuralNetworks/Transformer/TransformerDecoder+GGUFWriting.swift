extension DecoderConfiguration {
    /// The `general.architecture` and `llama.*` metadata llama.cpp reads for this shape.
    public var ggufMetadata: [String: GGUF.Value] {
        [
            "general.architecture": .string("llama"),
            "llama.block_count": .unsigned(UInt64(layers)),
            "llama.context_length": .unsigned(UInt64(contextLength)),
            "llama.embedding_length": .unsigned(UInt64(dimension)),
            "llama.feed_forward_length": .unsigned(UInt64(hidden)),
            "llama.attention.head_count": .unsigned(UInt64(heads)),
            "llama.attention.head_count_kv": .unsigned(UInt64(keyValueHeads)),
            "llama.attention.layer_norm_rms_epsilon": .float(normEpsilon),
            "llama.rope.freq_base": .float(ropeBase),
            "llama.rope.dimension_count": .unsigned(UInt64(headSize)),
            "llama.vocab_size": .unsigned(UInt64(vocabularySize)),
        ]
    }
}

extension TransformerDecoder {
    /// The model's tensors under llama.cpp's names, with GGUF shapes (fastest dimension first).
    /// `type(name, shape)` picks each one's storage; norm gains are always F32. Projections
    /// must be `Linear` layers. Rotary pairs must be interleaved (GGUF's layout).
    public func ggufTensors(type: (String, [Int]) -> GGUF.TensorType) throws -> [GGUF.NewTensor] {
        guard configuration.ropeLayout == .interleaved else {
            throw GGUF.FormatError(file: "new GGUF", problem: "rotary pairs in the halves layout; GGUF stores interleaved pairs")
        }
        var out: [GGUF.NewTensor] = []
        func add(_ name: String, _ layer: any Layer<Scalar>) throws {
            guard let weight = layer.namedParameters.first(where: { $0.name == "weight" })?.variable.value else {
                throw GGUF.FormatError(file: "new GGUF", problem: "\(name) has no weight")
            }
            let shape = Array(weight.shape.reversed())
            let storage = weight.rank == 1 ? .f32 : type(name, shape)
            out.append(GGUF.NewTensor(name: name, shape: shape, values: weight.scalars.map { Float($0) }, type: storage))
        }
        try add("token_embd.weight", embedding)
        for (i, block) in blocks.enumerated() {
            let p = "blk.\(i)."
            try add(p + "attn_norm.weight", block.attentionNorm)
            try add(p + "attn_q.weight", block.attention.query)
            try add(p + "attn_k.weight", block.attention.key)
            try add(p + "attn_v.weight", block.attention.value)
            try add(p + "attn_output.weight", block.attention.output)
            try add(p + "ffn_norm.weight", block.feedForwardNorm)
            for (name, layer) in block.feedForward.children {
                try add(p + "ffn_\(name).weight", layer)
            }
        }
        try add("output_norm.weight", norm)
        if let head { try add("output.weight", head) }
        return out
    }
}
