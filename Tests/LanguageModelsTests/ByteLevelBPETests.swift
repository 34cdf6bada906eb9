import Testing
@testable import LanguageModels

/// The pre-tokeniser against GPT-2's pattern on cases worked by hand (and seen from Hugging
/// Face `tokenizers` for SmolLM2), and byte-pair merging on a vocabulary small enough to
/// follow every merge.
struct ByteLevelBPETests {
    @Test(arguments: [
        ("Hello world", ["Hello", " world"]),
        ("he's  here\n\n  x", ["he", "'s", " ", " here", "\n\n ", " x"]),
        ("a\u{A0}b  \tc", ["a", "\u{A0}", "b", "  ", "\t", "c"]),
        ("x?!'s", ["x", "?!'", "s"]),
        ("hi  ", ["hi", "  "]),
        ("In 1969", ["In", " 1969"]),
        ("héllo wörld", ["héllo", " wörld"]),
        ("don't 'tis", ["don", "'t", " '", "tis"]),
    ])
    func gpt2Pieces(text: String, expected: [String]) {
        #expect(PreTokenizer().pieces(text) == expected)
    }

    @Test func isolatedDigits() {
        #expect(PreTokenizer(isolatedDigits: true).pieces("In 1969, 2x") == ["In", " ", "1", "9", "6", "9", ",", " ", "2", "x"])
    }

    @Test func byteCharactersAreGPT2s() {
        #expect(ByteEncoding.characters[32] == "Ġ")
        #expect(ByteEncoding.characters[10] == "Ċ")
        #expect(ByteEncoding.characters[65] == "A")
        #expect(ByteEncoding.characters[0xA0] == "ł")
        #expect(Set(ByteEncoding.characters).count == 256)
        #expect(ByteEncoding.decode(ByteEncoding.encode(Array("é\n ".utf8))) == Array("é\n ".utf8))
    }

    static func tiny() throws -> ByteLevelBPE {
        let bytes = ByteEncoding.characters.map { String(Character($0)) }
        return try ByteLevelBPE(vocabulary: bytes + ["Ġt", "he", "Ġthe", "<|end|>"], merges: ["h e", "Ġ t", "Ġt he"],
                                special: [259], preTokenizer: PreTokenizer(), eos: 259)
    }

    /// " the": Ġ t h e → (h e, rank 0) Ġ t he → (Ġ t, rank 1) Ġt he → (Ġt he, rank 2) Ġthe.
    /// "then": t h e n → t he n, and no merge joins t with he.
    @Test func mergesByRank() throws {
        let bpe = try Self.tiny()
        let ids = try bpe.encode(" the<|end|>then")
        #expect(ids == [258, 259, 116, 257, 110])
        #expect(try bpe.decode(ids) == " the<|end|>then")
        #expect(try bpe.encode("") == [])
    }

    @Test func refusals() throws {
        let bpe = try Self.tiny()
        #expect(throws: TokenizerError.unknownID(999, vocabularySize: 260)) { try bpe.decode([999]) }
        #expect(throws: TokenizerError.self) { try ByteLevelBPE(vocabulary: ["ab"], merges: [], preTokenizer: PreTokenizer()) }
    }

    /// A byte without a token is dropped, as Hugging Face `tokenizers` does.
    @Test func missingBytesAreDropped() throws {
        let bpe = try ByteLevelBPE(vocabulary: ["a", "b"], merges: [], preTokenizer: PreTokenizer())
        #expect(try bpe.encode("a\u{4}b") == [0, 1])
    }

    /// Every text decodes back to itself (bytes are never lost), on seeded random strings.
    @Test func roundTrip() throws {
        let bpe = try Self.tiny()
        let alphabet = Array("the  t\n\t'sé1€<|end|>h".unicodeScalars)
        var state: UInt64 = 42
        for _ in 0..<200 {
            var text = String.UnicodeScalarView()
            for _ in 0..<20 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            #expect(try bpe.decode(bpe.encode(String(text))) == String(text))
        }
    }
}
