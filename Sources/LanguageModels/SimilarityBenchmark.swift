import Foundation

/// Human-rated similarity sets for sentence encoders (text-eval): the 50 Lee documents with
/// their 1,225 rated pairs (Pearson's r of cosine similarity against the mean rating), and the
/// SimLex-999 and WordSim-353 word pairs (Spearman's ρ of cosine similarity against the score).
public struct SimilarityBenchmark: Sendable {
    /// A set of rated pairs of texts: indices into `texts` and the human score.
    public struct RatedPairs: Sendable {
        public var name: String
        public var texts: [String]
        public var pairs: [(Int, Int, Double)]
        /// Pearson (documents) or Spearman (word pairs).
        public var usesPearson: Bool
    }

    public var sets: [RatedPairs]

    /// The three sets from the text-eval folder (lee.cor is Latin-1).
    public init(folder: URL) throws {
        func read(_ name: String) throws -> String {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            guard let text = String(data: data, encoding: name.hasSuffix(".cor") ? .isoLatin1 : .utf8) else {
                throw TokenizerError.unsupported("\(folder.path)/\(name): not text")
            }
            return text
        }
        let documents = try read("lee.cor").split(separator: "\n").map(String.init)
        let matrix = try read("similarities0-1.txt").split(separator: "\n").map { $0.split(separator: "\t").compactMap { Double($0) } }
        guard documents.count == 50, matrix.count == 50, matrix.allSatisfy({ $0.count == 50 }) else {
            throw TokenizerError.unsupported("\(folder.path): lee.cor and similarities0-1.txt are not 50 documents and 50 × 50 ratings")
        }
        var pairs: [(Int, Int, Double)] = []
        for i in 0..<50 {
            for j in (i + 1)..<50 { pairs.append((i, j, matrix[i][j])) }
        }
        sets = [RatedPairs(name: "Lee documents", texts: documents, pairs: pairs, usesPearson: true),
                try Self.wordPairs("SimLex-999", read("simlex999.txt")),
                try Self.wordPairs("WordSim-353", read("wordsim353.tsv"))]
    }

    /// "word1<TAB>word2<TAB>score" lines after '#' comments; each distinct word embedded once.
    static func wordPairs(_ name: String, _ text: String) throws -> RatedPairs {
        var index: [String: Int] = [:]
        var words: [String] = []
        var pairs: [(Int, Int, Double)] = []
        func id(_ word: Substring) -> Int {
            if let i = index[String(word)] { return i }
            words.append(String(word))
            index[String(word)] = words.count - 1
            return words.count - 1
        }
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t")
            guard fields.count >= 3, let score = Double(fields[2].trimmingCharacters(in: .whitespaces)) else {
                throw TokenizerError.unsupported("\(name): line \"\(line)\" is not word, word, score")
            }
            pairs.append((id(fields[0]), id(fields[1]), score))
        }
        return RatedPairs(name: name, texts: words, pairs: pairs, usesPearson: false)
    }

    /// Each set's correlation for `encoder`, in the order of `sets`.
    public func correlations(_ encoder: SentenceEncoder) throws -> [Double] {
        try sets.map { set in
            let embeddings = try encoder.embed(set.texts)
            let cosines = set.pairs.map { SentenceEncoder.cosine(embeddings[$0.0], embeddings[$0.1]) }
            let scores = set.pairs.map(\.2)
            return set.usesPearson ? Correlation.pearson(cosines, scores) : Correlation.spearman(cosines, scores)
        }
    }
}
