import Foundation
import NeuralNetworks

/// A sentence-embedding model (sentence-transformers' Transformer → mean Pooling → Normalize):
/// the text's WordPiece ids as [CLS] … [SEP] cut to `maxLength`, the encoder's last hidden
/// states averaged over all positions and scaled to unit length. e = h̄ / ‖h̄‖, [dimension].
public struct SentenceEncoder {
    public let tokenizer: WordPiece
    public let encoder: TransformerEncoder<Float>
    /// The longest id sequence, [CLS] and [SEP] included.
    public let maxLength: Int
    /// Whether embeddings are scaled to unit length.
    public let normalize: Bool

    public init(tokenizer: WordPiece, encoder: TransformerEncoder<Float>, maxLength: Int, normalize: Bool = true) {
        precondition(maxLength >= 2 && maxLength <= encoder.configuration.positions,
                     "SentenceEncoder: maxLength \(maxLength) outside 2…\(encoder.configuration.positions)")
        self.tokenizer = tokenizer
        self.encoder = encoder
        self.maxLength = maxLength
        self.normalize = normalize
    }

    /// A sentence-transformers folder: config.json, model.safetensors, vocab.txt, and when present
    /// sentence_bert_config.json (max_seq_length), tokenizer_config.json (do_lower_case),
    /// 1_Pooling/config.json (must be mean pooling) and modules.json (Normalize).
    public init(folder: URL) throws {
        func url(_ name: String) -> URL { folder.appendingPathComponent(name) }
        let configuration = try JSONDecoder().decode(EncoderConfiguration.self, from: try Self.read(url("config.json")))
        let weights = try SafeTensors.read(url("model.safetensors"))
        let encoder = try TransformerEncoder<Float>(configuration: configuration, tensors: weights.tensors,
                                                    file: url("model.safetensors").path)
        let settings = try Self.object(url("sentence_bert_config.json"))
        let tokenizerSettings = try Self.object(url("tokenizer_config.json"))
        let pooling = try Self.object(url("1_Pooling/config.json"))
        if let mean = pooling["pooling_mode_mean_tokens"] as? Bool, !mean {
            throw TokenizerError.unsupported("\(folder.path): only mean pooling is supported (1_Pooling/config.json)")
        }
        let modules = (try? String(contentsOf: url("modules.json"), encoding: .utf8)) ?? ""
        let tokenizer = try WordPiece(contentsOf: url("vocab.txt"), lowercase: tokenizerSettings["do_lower_case"] as? Bool ?? true)
        let length = min(settings["max_seq_length"] as? Int ?? configuration.positions, configuration.positions)
        self.init(tokenizer: tokenizer, encoder: encoder, maxLength: length, normalize: modules.contains("Normalize"))
    }

    /// Saves the model in sentence-transformers' folder layout, which `init(folder:)` reads
    /// (config.json, model.safetensors under Hugging Face's names, vocab.txt, the pooling and
    /// module lists).
    public func write(to folder: URL) throws {
        func url(_ name: String) -> URL { folder.appendingPathComponent(name) }
        try FileManager.default.createDirectory(at: url("1_Pooling"), withIntermediateDirectories: true)
        let encoderJSON = JSONEncoder()
        encoderJSON.outputFormatting = [.prettyPrinted, .sortedKeys]
        var config = try JSONSerialization.jsonObject(with: encoderJSON.encode(encoder.configuration)) as! [String: Any]
        config.merge(["model_type": "bert", "architectures": ["BertModel"], "hidden_act": "gelu", "pad_token_id": 0]) { a, _ in a }
        let files: [(String, Any)] = [
            ("config.json", config),
            ("sentence_bert_config.json", ["max_seq_length": maxLength, "do_lower_case": false]),
            ("tokenizer_config.json", ["do_lower_case": tokenizer.lowercase, "tokenizer_class": "BertTokenizer"]),
            ("1_Pooling/config.json", ["word_embedding_dimension": encoder.configuration.dimension, "pooling_mode_mean_tokens": true]),
            ("modules.json", [["idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"],
                              ["idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"]]
                + (normalize ? [["idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"]] : [])),
        ]
        for (name, object) in files {
            try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(to: url(name), options: .atomic)
        }
        try (tokenizer.vocabulary.joined(separator: "\n") + "\n").write(to: url("vocab.txt"), atomically: true, encoding: .utf8)
        try SafeTensors.write(encoder.huggingFaceTensors.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, metadata: ["format": "pt"],
                              to: url("model.safetensors"))
    }

    /// The embedding of `text`, [dimension].
    public func embed(_ text: String) throws -> [Float] {
        try embed([text])[0]
    }

    /// The embeddings of `texts`, [dimension] each. Texts whose ids have the same length run
    /// through the encoder together, up to `batch` at a time (no padding, so the result is the
    /// same as one at a time).
    public func embed(_ texts: [String], batch: Int = 64) throws -> [[Float]] {
        let ids = try texts.map { try tokenizer.encodeForModel($0, maxLength: maxLength) }
        let d = encoder.configuration.dimension
        var out = [[Float]](repeating: [], count: texts.count)
        let byLength = Dictionary(grouping: ids.indices) { ids[$0].count }
        for (length, members) in byLength.sorted(by: { $0.key < $1.key }) {
            for start in stride(from: 0, to: members.count, by: batch) {
                let chunk = Array(members[start..<min(start + batch, members.count)])
                let hidden = encoder(batch: chunk.map { ids[$0] }).value.scalars
                for (b, index) in chunk.enumerated() {
                    out[index] = pooled(hidden[(b * length * d)..<((b + 1) * length * d)], length: length)
                }
            }
        }
        return out
    }

    /// The mean of `length` hidden states [length · D], unit length when `normalize`.
    func pooled(_ hidden: ArraySlice<Float>, length: Int) -> [Float] {
        let d = encoder.configuration.dimension
        var sum = [Float](repeating: 0, count: d)
        let base = hidden.startIndex
        for t in 0..<length {
            for j in 0..<d { sum[j] += hidden[base + t * d + j] }
        }
        // the mean and the sum point the same way, so a unit embedding needs only the sum
        let scale = normalize ? 1 / max(Self.norm(sum), 1e-12) : 1 / Float(length)
        return sum.map { $0 * scale }
    }

    /// a·b / (‖a‖‖b‖).
    public static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        precondition(a.count == b.count, "SentenceEncoder.cosine: lengths \(a.count) and \(b.count)")
        var (ab, aa, bb) = (0.0, 0.0, 0.0)
        for i in a.indices {
            ab += Double(a[i]) * Double(b[i])
            aa += Double(a[i]) * Double(a[i])
            bb += Double(b[i]) * Double(b[i])
        }
        return ab / max((aa * bb).squareRoot(), 1e-300)
    }

    static func norm(_ x: [Float]) -> Float { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    static func read(_ url: URL) throws -> Data {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TokenizerError.unsupported("\(url.path): missing or unreadable (\(LanguageModelCatalog.all[1].obtain))")
        }
        return data
    }

    /// A JSON object file, or an empty one when the file is absent.
    static func object(_ url: URL) throws -> [String: Any] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [:] }
        guard let object = try JSONSerialization.jsonObject(with: try read(url)) as? [String: Any] else {
            throw TokenizerError.unsupported("\(url.path): not a JSON object")
        }
        return object
    }
}
