import Foundation

/// BERT's tokenizer (uncased): text is cleaned (control characters dropped, whitespace made
/// spaces), CJK ideographs spaced out, lower-cased with accents stripped (NFD, marks removed),
/// split at whitespace and around every punctuation character; each word is then cut greedily
/// into the longest vocabulary pieces, continuations written "##piece"; a word with no cut,
/// or longer than 100 characters, becomes [UNK]. Ids identical to Hugging Face's
/// `BertTokenizerFast` with `do_lower_case`.
public struct WordPiece: Tokenizer {
    public let vocabulary: [String]
    let ids: [String: Int]
    public let unknown: Int
    public let classifier: Int?
    public let separator: Int?
    public let lowercase: Bool

    /// A tokenizer over `vocabulary` (vocab.txt's lines, id = line number).
    public init(vocabulary: [String], lowercase: Bool = true) throws {
        var ids: [String: Int] = [:]
        for (i, token) in vocabulary.enumerated() where ids[token] == nil { ids[token] = i }
        guard let unknown = ids["[UNK]"] else { throw TokenizerError.unsupported("the vocabulary has no [UNK] token") }
        self.vocabulary = vocabulary
        self.ids = ids
        self.unknown = unknown
        classifier = ids["[CLS]"]
        separator = ids["[SEP]"]
        self.lowercase = lowercase
    }

    /// vocab.txt: one token per line.
    public init(contentsOf url: URL, lowercase: Bool = true) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        try self.init(vocabulary: lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }, lowercase: lowercase)
    }

    public var vocabularySize: Int { vocabulary.count }

    public func encode(_ text: String) throws -> [Int] {
        words(text).flatMap(pieces)
    }

    /// [CLS] ids [SEP], the ids cut so the whole is at most `maxLength` long.
    public func encodeForModel(_ text: String, maxLength: Int) throws -> [Int] {
        guard let classifier, let separator else { throw TokenizerError.unsupported("the vocabulary has no [CLS] / [SEP]") }
        let body = try encode(text).prefix(max(0, maxLength - 2))
        return [classifier] + body + [separator]
    }

    public func decode(_ ids: [Int]) throws -> String {
        var out = ""
        for id in ids {
            guard id >= 0 && id < vocabulary.count else { throw TokenizerError.unknownID(id, vocabularySize: vocabularySize) }
            let token = vocabulary[id]
            if token.hasPrefix("##") {
                out += token.dropFirst(2)
            } else {
                out += (out.isEmpty ? "" : " ") + token
            }
        }
        return out
    }

    /// The normalised words: cleaned, CJK spaced, lower-cased without accents, split at
    /// whitespace and around punctuation.
    func words(_ text: String) -> [String] {
        var cleaned = String.UnicodeScalarView()
        for c in text.unicodeScalars {
            if c.value == 0 || c.value == 0xFFFD || Self.isControl(c) { continue }
            if Self.isWhitespace(c) {
                cleaned.append(" ")
            } else if Self.isCJK(c) {
                cleaned.append(contentsOf: [" ", c, " "])
            } else {
                cleaned.append(c)
            }
        }
        var normalised = String(cleaned)
        if lowercase {
            // Accents first (NFD, non-spacing marks removed), then lower case, as Hugging Face orders them.
            let stripped = normalised.decomposedStringWithCanonicalMapping.unicodeScalars
                .filter { $0.properties.generalCategory != .nonspacingMark }
            normalised = String(String.UnicodeScalarView(stripped)).lowercased()
        }
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { words.append(String(current)) }
            current = String.UnicodeScalarView()
        }
        for c in normalised.unicodeScalars {
            if Self.isWhitespace(c) {
                flush()
            } else if Self.isPunctuation(c) {
                flush()
                words.append(String(Character(c)))
            } else {
                current.append(c)
            }
        }
        flush()
        return words
    }

    /// Greedy longest-match-first pieces of one word.
    func pieces(_ word: String) -> [Int] {
        let scalars = Array(word.unicodeScalars)
        guard scalars.count <= 100 else { return [unknown] }
        var out: [Int] = []
        var start = 0
        while start < scalars.count {
            var end = scalars.count
            var found: Int?
            while end > start {
                var piece = String(String.UnicodeScalarView(scalars[start..<end]))
                if start > 0 { piece = "##" + piece }
                if let id = ids[piece] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else { return [unknown] }
            out.append(id)
            start = end
        }
        return out
    }

    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r" || c.properties.isWhitespace
    }

    /// Other characters (Cc, Cf, Cs, Co, Cn), tab and line breaks excepted.
    static func isControl(_ c: Unicode.Scalar) -> Bool {
        if c == "\t" || c == "\n" || c == "\r" { return false }
        switch c.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    static func isPunctuation(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) { return true }
        switch c.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }

    static func isCJK(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2A6DF).contains(v)
            || (0x2A700...0x2B73F).contains(v) || (0x2B740...0x2B81F).contains(v) || (0x2B920...0x2CEAF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0x2F800...0x2FA1F).contains(v)
    }
}
