import NeuralNetworks

/// A LLaMA-style decoder's weights as stored in a GGUF file: projections packed (4/8-bit
/// blocks or Float), norm gains in Float. The output head is the embedding when tied.
public struct DecoderWeights: Sendable {
    public struct Block: Sendable {
        public var attentionNorm: [Float]
        public var query, key, value, output: PackedMatrix
        public var feedForwardNorm: [Float]
        public var gate, up, down: PackedMatrix
    }

    public let configuration: DecoderConfiguration
    public let embedding: PackedMatrix
    public let blocks: [Block]
    public let norm: [Float]
    public let head: PackedMatrix

    public init(configuration: DecoderConfiguration, embedding: PackedMatrix, blocks: [Block], norm: [Float], head: PackedMatrix) {
        self.configuration = configuration
        self.embedding = embedding
        self.blocks = blocks
        self.norm = norm
        self.head = head
    }

    /// The weights of a llama-architecture GGUF file, shapes checked against its metadata.
    public init(gguf: GGUF) throws {
        let c = try DecoderConfiguration(gguf: gguf)
        let kvWidth = c.headSize * c.keyValueHeads
        func matrix(_ name: String, _ rows: Int, _ cols: Int) throws -> PackedMatrix {
            guard let info = gguf.tensor(named: name) else { throw GGUF.FormatError(file: gguf.file, problem: "no tensor named \(name)") }
            guard info.shape == (rows == 1 ? [cols] : [cols, rows]) else {
                throw GGUF.FormatError(file: gguf.file, problem: "tensor \(name) has shape \(Array(info.shape.reversed())), expected [\(rows), \(cols)]")
            }
            return PackedMatrix(gguf: gguf, info)
        }
        func vector(_ name: String) throws -> [Float] {
            let m = try matrix(name, 1, c.dimension)
            return m.row(0)
        }
        let blocks = try (0..<c.layers).map { i in
            let p = "blk.\(i)."
            return Block(attentionNorm: try vector(p + "attn_norm.weight"),
                         query: try matrix(p + "attn_q.weight", c.dimension, c.dimension),
                         key: try matrix(p + "attn_k.weight", kvWidth, c.dimension),
                         value: try matrix(p + "attn_v.weight", kvWidth, c.dimension),
                         output: try matrix(p + "attn_output.weight", c.dimension, c.dimension),
                         feedForwardNorm: try vector(p + "ffn_norm.weight"),
                         gate: try matrix(p + "ffn_gate.weight", c.hidden, c.dimension),
                         up: try matrix(p + "ffn_up.weight", c.hidden, c.dimension),
                         down: try matrix(p + "ffn_down.weight", c.dimension, c.hidden))
        }
        let embedding = try matrix("token_embd.weight", c.vocabularySize, c.dimension)
        let head = c.tiedEmbeddings ? embedding : try matrix("output.weight", c.vocabularySize, c.dimension)
        self.init(configuration: c, embedding: embedding, blocks: blocks, norm: try vector("output_norm.weight"), head: head)
    }

    /// Bytes held by the weights.
    public var byteCount: Int {
        let matrices = blocks.flatMap { [$0.query, $0.key, $0.value, $0.output, $0.gate, $0.up, $0.down] }
        return (matrices + [embedding] + (configuration.tiedEmbeddings ? [] : [head])).reduce(0) { $0 + $1.byteCount }
    }
}
