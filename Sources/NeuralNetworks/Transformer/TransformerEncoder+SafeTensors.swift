extension TransformerEncoder {
    /// An encoder from a Hugging Face BERT checkpoint's tensors ("embeddings.word_embeddings.weight",
    /// "encoder.layer.3.attention.self.query.weight", …; a "bert." prefix is allowed, the pooler
    /// is ignored). Every tensor's shape is checked against `configuration`.
    public convenience init(configuration c: EncoderConfiguration, tensors: [String: SafeTensors.Entry], file: String) throws {
        if let problem = c.problem { throw SafeTensorsError(file: file, problem: "config: \(problem)") }
        let prefix = tensors["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""
        func tensor(_ name: String, _ shape: [Int]) throws -> Tensor<Scalar> {
            guard let entry = tensors[prefix + name] else {
                throw SafeTensorsError(file: file, problem: "tensor '\(prefix + name)' is missing (not a BERT checkpoint?)")
            }
            guard entry.shape == shape else {
                throw SafeTensorsError(file: file, problem: "tensor '\(prefix + name)' has shape \(entry.shape), the config gives \(shape)")
            }
            return try entry.tensor(name: prefix + name, file: file)
        }
        let (d, epsilon) = (c.dimension, Scalar(c.normEpsilon))
        func linear(_ name: String, _ inputs: Int, _ outputs: Int) throws -> Linear<Scalar> {
            Linear(weight: try tensor(name + ".weight", [outputs, inputs]), bias: try tensor(name + ".bias", [outputs]))
        }
        func norm(_ name: String) throws -> LayerNorm<Scalar> {
            LayerNorm(weight: try tensor(name + ".weight", [d]), bias: try tensor(name + ".bias", [d]), epsilon: epsilon)
        }
        let blocks = try (0..<c.layers).map { i in
            let p = "encoder.layer.\(i)."
            let attention = Attention<Scalar>(
                query: try linear(p + "attention.self.query", d, d), key: try linear(p + "attention.self.key", d, d),
                value: try linear(p + "attention.self.value", d, d), output: try linear(p + "attention.output.dense", d, d),
                heads: c.heads, keyValueHeads: c.heads, headSize: d / c.heads, causal: false, rotary: nil)
            return EncoderBlock(
                attention: attention, attentionNorm: try norm(p + "attention.output.LayerNorm"),
                feedForward: FeedForward(input: try linear(p + "intermediate.dense", d, c.hidden),
                                         output: try linear(p + "output.dense", c.hidden, d)),
                feedForwardNorm: try norm(p + "output.LayerNorm"))
        }
        self.init(configuration: c,
                  words: Embedding(weight: try tensor("embeddings.word_embeddings.weight", [c.vocabularySize, d])),
                  positions: Embedding(weight: try tensor("embeddings.position_embeddings.weight", [c.positions, d])),
                  tokenTypes: Embedding(weight: try tensor("embeddings.token_type_embeddings.weight", [c.tokenTypes, d])),
                  embeddingNorm: try norm("embeddings.LayerNorm"), blocks: blocks)
    }

    /// The parameters under Hugging Face's BERT names (what the initialiser above reads).
    public var huggingFaceTensors: [String: SafeTensors.Entry] {
        let renames = [("words", "embeddings.word_embeddings"), ("positions", "embeddings.position_embeddings"),
                       ("token_types", "embeddings.token_type_embeddings"), ("embedding_norm", "embeddings.LayerNorm"),
                       ("blocks.", "encoder.layer."), ("attention.query", "attention.self.query"),
                       ("attention.key", "attention.self.key"), ("attention.value", "attention.self.value"),
                       ("attention.output", "attention.output.dense"), ("attention_norm", "attention.output.LayerNorm"),
                       ("feed_forward.input", "intermediate.dense"), ("feed_forward.output", "output.dense"),
                       ("feed_forward_norm", "output.LayerNorm")]
        var out: [String: SafeTensors.Entry] = [:]
        for (name, variable) in namedParameters {
            let hfName = renames.reduce(name) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
            out[hfName] = SafeTensors.Entry(variable.value)
        }
        return out
    }
}
