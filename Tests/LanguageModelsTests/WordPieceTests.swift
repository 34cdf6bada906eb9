import Testing
@testable import LanguageModels

/// BERT's uncased WordPiece on a vocabulary small enough to follow: cleaning, accents,
/// punctuation, CJK spacing, greedy longest pieces, [UNK] for words without a cut.
struct WordPieceTests {
    static let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "un", "##aff", "##able", "aff", "!", "café", "cafe",
                             "the", "##s", "中", ",", "a"]

    @Test func piecesByHand() throws {
        let t = try WordPiece(vocabulary: Self.vocabulary)
        // "Unaffable!" → un ##aff ##able !; "Café" → cafe (accent stripped, so "café" is never used).
        #expect(try t.encode("Unaffable!") == [4, 5, 6, 8])
        #expect(try t.encode("  Café\tTHE\u{0}s,中a") == [10, 11, 12, 14, 13, 15])
        // No cut for "xyz": the whole word is [UNK]; a 101-character word too.
        #expect(try t.encode("the xyz") == [11, 1])
        #expect(try t.encode(String(repeating: "a", count: 101)) == [1])
        #expect(try t.encodeForModel("the the the", maxLength: 4) == [2, 11, 11, 3])
        #expect(try t.decode([4, 5, 6, 8]) == "unaffable !")
    }

    @Test func refusals() throws {
        #expect(throws: TokenizerError.self) { try WordPiece(vocabulary: ["a", "b"]) }
        let t = try WordPiece(vocabulary: Self.vocabulary)
        #expect(throws: TokenizerError.unknownID(99, vocabularySize: 16)) { try t.decode([99]) }
    }
}
