/// Splits text into the pieces a byte-level BPE tokenizer encodes separately, as GPT-2's
/// pattern does: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
/// With `isolatedDigits` every number character is a piece of its own first (llama.cpp's
/// "smollm" pre-tokeniser, Hugging Face's `Digits(individual_digits=true)`).
/// Written as a scanner over Unicode scalars rather than a regular expression: one pass, O(n).
public struct PreTokenizer: Sendable, Equatable {
    public var isolatedDigits: Bool

    public init(isolatedDigits: Bool = false) {
        self.isolatedDigits = isolatedDigits
    }

    enum Kind { case letter, number, space, other }

    static func kind(_ c: Unicode.Scalar) -> Kind {
        let p = c.properties
        if p.isWhitespace { return .space }
        switch p.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .letter
        case .decimalNumber, .letterNumber, .otherNumber: return .number
        default: return .other
        }
    }

    /// The pieces of `text`, in order; their concatenation is `text`.
    public func pieces(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var out: [String] = []
        var start = 0
        for i in scalars.indices where isolatedDigits && Self.kind(scalars[i]) == .number {
            out += Self.split(scalars[start..<i])
            out.append(String(Character(scalars[i])))
            start = i + 1
        }
        out += Self.split(scalars[start...])
        return out
    }

    /// GPT-2's pattern over a run of scalars.
    static func split(_ s: ArraySlice<Unicode.Scalar>) -> [String] {
        var out: [String] = []
        var i = s.startIndex
        while i < s.endIndex {
            let end = matchEnd(s, at: i)
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: s[i..<end])
            out.append(String(piece))
            i = end
        }
        return out
    }

    /// Where the pattern's match starting at `i` ends.
    static func matchEnd(_ s: ArraySlice<Unicode.Scalar>, at i: Int) -> Int {
        if let end = contraction(s, at: i) { return end }
        var j = i
        if s[i] == " ", i + 1 < s.endIndex, kind(s[i + 1]) != .space { j = i + 1 }
        let k = kind(s[j])
        if k != .space { return run(s, from: j, of: k) }
        let end = run(s, from: i, of: .space)
        // \s+(?!\S): a run followed by a non-space gives up its last character (which then
        // prefixes the next word); a single space before a non-space falls to \s+.
        if end < s.endIndex && end - i > 1 { return end - 1 }
        return end
    }

    static func run(_ s: ArraySlice<Unicode.Scalar>, from i: Int, of k: Kind) -> Int {
        var j = i
        while j < s.endIndex && kind(s[j]) == k { j += 1 }
        return j
    }

    static let contractions: [[Unicode.Scalar]] = ["s", "t", "re", "ve", "m", "ll", "d"].map { Array($0.unicodeScalars) }

    static func contraction(_ s: ArraySlice<Unicode.Scalar>, at i: Int) -> Int? {
        guard s[i] == "'" else { return nil }
        for c in contractions where i + 1 + c.count <= s.endIndex {
            if s[(i + 1)..<(i + 1 + c.count)].elementsEqual(c) { return i + 1 + c.count }
        }
        return nil
    }
}
