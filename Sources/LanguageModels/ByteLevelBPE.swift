import NeuralNetworks

/// GPT-2-style byte-level byte-pair encoding: text is cut into pieces by the pre-tokeniser,
/// each piece's UTF-8 bytes start as one symbol each, and the adjacent pair with the best
/// (lowest) merge rank is merged until none is left; special tokens (control and
/// user-defined) are cut out of the text first and map to their own ids. A byte the
/// vocabulary has no token for is dropped, as Hugging Face `tokenizers` does (SmolLM2's
/// vocabulary lacks most ASCII control bytes).
/// Encoding a piece of n bytes costs O(n²) lookups; pieces are cached within one call.
public struct ByteLevelBPE: Tokenizer {
    /// Each id's bytes.
    public let tokenBytes: [[UInt8]]
    /// Ids whose text is matched verbatim before pre-tokenisation, with their bytes.
    public let specialTokens: [(bytes: [UInt8], id: Int)]
    public let preTokenizer: PreTokenizer
    /// The beginning- and end-of-sequence ids, when the vocabulary has them.
    public let bos: Int?
    public let eos: Int?
    /// Whether the model expects `bos` in front of a text.
    public let addsBOS: Bool
    /// The id of each byte's one-character token, or nil when the vocabulary lacks it.
    let byteSymbols: [Int?]
    let merges: [UInt64: (rank: Int, id: Int)]

    /// A tokenizer from byte-level vocabulary strings (GPT-2's character for each byte),
    /// merges as "left right" strings in rank order, and the ids of special tokens.
    public init(vocabulary: [String], merges mergeList: [String], special: [Int] = [], preTokenizer: PreTokenizer,
                bos: Int? = nil, eos: Int? = nil, addsBOS: Bool = false) throws {
        var ids: [[UInt8]: Int] = [:]
        var bytes: [[UInt8]] = []
        for (id, token) in vocabulary.enumerated() {
            let b = ByteEncoding.decode(token) ?? Array(token.utf8)
            bytes.append(b)
            if !special.contains(id) && ids[b] == nil { ids[b] = id }
        }
        byteSymbols = (0..<256).map { ids[[UInt8($0)]] }
        guard byteSymbols.contains(where: { $0 != nil }) else {
            throw TokenizerError.unsupported("the vocabulary has no single-byte tokens: not a byte-level BPE vocabulary")
        }
        var table: [UInt64: (rank: Int, id: Int)] = [:]
        for (rank, merge) in mergeList.enumerated() {
            let parts = merge.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, let l = ByteEncoding.decode(String(parts[0])), let r = ByteEncoding.decode(String(parts[1])),
                  let a = ids[l], let b = ids[r], let m = ids[l + r] else { continue }
            let key = UInt64(a) << 32 | UInt64(b)
            if table[key] == nil { table[key] = (rank, m) }
        }
        merges = table
        tokenBytes = bytes
        specialTokens = special.map { (bytes[$0], $0) }.filter { !$0.0.isEmpty }.sorted { $0.0.count > $1.0.count }
        self.preTokenizer = preTokenizer
        (self.bos, self.eos, self.addsBOS) = (bos, eos, addsBOS)
    }

    public var vocabularySize: Int { tokenBytes.count }

    public func encode(_ text: String) throws -> [Int] {
        var cache: [[UInt8]: [Int]] = [:]
        var out: [Int] = []
        for segment in segments(Array(text.utf8)) {
            switch segment {
            case .special(let id): out.append(id)
            case .text(let s):
                for piece in preTokenizer.pieces(s) {
                    let key = Array(piece.utf8)
                    if let hit = cache[key] {
                        out += hit
                        continue
                    }
                    let ids = bytePairs(key)
                    cache[key] = ids
                    out += ids
                }
            }
        }
        return out
    }

    public func decode(_ ids: [Int]) throws -> String {
        var bytes: [UInt8] = []
        for id in ids {
            guard id >= 0 && id < tokenBytes.count else { throw TokenizerError.unknownID(id, vocabularySize: vocabularySize) }
            bytes += tokenBytes[id]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The merged symbols of one piece's bytes.
    func bytePairs(_ bytes: [UInt8]) -> [Int] {
        var symbols = bytes.compactMap { byteSymbols[Int($0)] }
        while symbols.count > 1 {
            var best = (rank: Int.max, at: -1, id: 0)
            for i in 0..<(symbols.count - 1) {
                if let m = merges[UInt64(symbols[i]) << 32 | UInt64(symbols[i + 1])], m.rank < best.rank {
                    best = (m.rank, i, m.id)
                }
            }
            guard best.at >= 0 else { break }
            symbols[best.at] = best.id
            symbols.remove(at: best.at + 1)
        }
        return symbols
    }

    enum Segment {
        case text(String)
        case special(Int)
    }

    /// The text cut at every occurrence of a special token (longest first where they overlap).
    func segments(_ bytes: [UInt8]) -> [Segment] {
        guard !specialTokens.isEmpty else { return [.text(String(decoding: bytes, as: UTF8.self))] }
        var out: [Segment] = []
        var start = 0
        var i = 0
        while i < bytes.count {
            guard let match = specialTokens.first(where: { bytes[i...].starts(with: $0.bytes) }) else {
                i += 1
                continue
            }
            if start < i { out.append(.text(String(decoding: bytes[start..<i], as: UTF8.self))) }
            out.append(.special(match.id))
            i += match.bytes.count
            start = i
        }
        if start < bytes.count { out.append(.text(String(decoding: bytes[start...], as: UTF8.self))) }
        return out
    }
}

extension ByteLevelBPE {
    /// The tokenizer stored in a GGUF file (`tokenizer.ggml.model` "gpt2"): tokens, merges,
    /// token types (3 control and 4 user-defined are special), beginning/end ids and the
    /// pre-tokeniser ("gpt-2", "default" or "smollm"; others are refused by name).
    public init(gguf: GGUF) throws {
        let model = (try? gguf.string("tokenizer.ggml.model")) ?? "none"
        guard model == "gpt2" else {
            throw TokenizerError.unsupported("\(gguf.file): tokenizer \(model) is not byte-level BPE (gpt2)")
        }
        let pre = (try? gguf.string("tokenizer.ggml.pre")) ?? "default"
        guard ["default", "gpt-2", "gpt2", "smollm"].contains(pre) else {
            throw TokenizerError.unsupported("\(gguf.file): pre-tokeniser \(pre) is not supported (gpt-2, smollm)")
        }
        let tokens = try gguf.strings("tokenizer.ggml.tokens")
        let types = (try? gguf.integers("tokenizer.ggml.token_type")) ?? []
        let special = types.enumerated().filter { $0.element == 3 || $0.element == 4 }.map(\.offset)
        var addsBOS = false
        if case .bool(let b)? = gguf.metadata["tokenizer.ggml.add_bos_token"] { addsBOS = b }
        try self.init(vocabulary: tokens, merges: try gguf.strings("tokenizer.ggml.merges"), special: special,
                      preTokenizer: PreTokenizer(isolatedDigits: pre == "smollm"),
                      bos: try? gguf.integer("tokenizer.ggml.bos_token_id"),
                      eos: try? gguf.integer("tokenizer.ggml.eos_token_id"), addsBOS: addsBOS)
    }
}
