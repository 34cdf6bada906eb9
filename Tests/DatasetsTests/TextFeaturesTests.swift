import Foundation
import Testing
@testable import Datasets

/// fastText sentences and TF-IDF features, against scikit-learn's `TfidfVectorizer()` on the
/// polarity sentences (values stored from scikit-learn 1.x).
struct TextFeaturesTests {
    @Test func tfidfByHand() throws {
        // "a" is too short to be a token; idf = ln(3/2) + 1 for "cat" (in one of two), 1 for "sat".
        let tfidf = try TFIDF.fit(["the cat sat", "a dog sat"])
        #expect(tfidf.vocabulary == ["cat", "dog", "sat", "the"])
        let row = tfidf.transform(["cat sat sat"]).scalars
        let cat = log(1.5) + 1
        let norm = (cat * cat + 4).squareRoot()
        #expect(abs(Double(row[0]) - cat / norm) < 1e-6)
        #expect(abs(Double(row[2]) - 2 / norm) < 1e-6)
        #expect(row[1] == 0 && row[3] == 0)
        #expect(throws: DatasetError.self) { try TFIDF.fit([]) }
    }

    @Test func fastTextLinesAndRefusals() throws {
        let dir = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.txt")
        try Data("__label__pos fine film\n__label__neg caf\u{E9} dull\n".utf8).write(to: good)
        let s = try LabeledSentences.readFastText(good)
        #expect(s.classes == ["neg", "pos"] && s.labels == [1, 0] && s.texts[1] == "café dull")
        let bad = dir.appendingPathComponent("bad.txt")
        try Data("__label__pos fine\nno label here\n".utf8).write(to: bad)
        #expect(throws: DatasetError.self) { try LabeledSentences.readFastText(bad) }
    }

    @Test(.enabled(if: TestData.hasShared, TestData.sharedMissing))
    func polaritySentencesMatchScikitLearn() throws {
        let s = try LabeledSentences.polarity(dataDir: TestData.shared)
        #expect(s.texts.count == 200 && s.labels.filter { $0 == 1 }.count == 100)
        let tfidf = try TFIDF.fit(s.texts)
        #expect(tfidf.vocabulary.count == 1663)
        let x = tfidf.transform(s.texts)
        #expect(abs(x.scalars.reduce(0.0) { $0 + Double($1) } - 768.7899759607449) < 1e-3)
        let silly = tfidf.vocabulary.firstIndex(of: "silly")!
        #expect(abs(Double(x.scalars[silly]) - 0.5936915824) < 1e-6)
    }
}
