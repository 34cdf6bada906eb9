import Foundation
import Tensor

/// Term frequency–inverse document frequency features, as scikit-learn's `TfidfVectorizer`
/// with its defaults: lower-cased tokens of two or more letters or digits, idf(t) =
/// ln((1 + n) / (1 + df(t))) + 1 over the n fitted documents, raw counts × idf, each row scaled
/// to unit Euclidean length. The vocabulary is the fitted documents' terms in sorted order.
public struct TFIDF: Sendable {
    public let vocabulary: [String]
    public let idf: [Double]
    let index: [String: Int]

    /// Fits the vocabulary and idf weights to `documents`.
    public static func fit(_ documents: [String]) throws -> TFIDF {
        guard !documents.isEmpty else { throw DatasetError.invalidArgument("TF-IDF needs at least one document") }
        var frequency = [String: Int]()
        for d in documents {
            for term in Set(tokens(d)) { frequency[term, default: 0] += 1 }
        }
        guard !frequency.isEmpty else { throw DatasetError.invalidArgument("TF-IDF: the documents hold no tokens") }
        let vocabulary = frequency.keys.sorted()
        let n = Double(documents.count)
        let idf = vocabulary.map { log((1 + n) / (1 + Double(frequency[$0]!))) + 1 }
        return TFIDF(vocabulary: vocabulary, idf: idf,
                     index: Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) }))
    }

    /// Rows of unit length, [documents, vocabulary]; terms outside the vocabulary are dropped.
    public func transform(_ documents: [String]) -> Tensor<Float> {
        let v = vocabulary.count
        var out = [Float](repeating: 0, count: documents.count * v)
        for (row, d) in documents.enumerated() {
            var counts = [Int: Double]()
            for term in Self.tokens(d) {
                if let j = index[term] { counts[j, default: 0] += 1 }
            }
            let weighted = counts.map { ($0.key, $0.value * idf[$0.key]) }
            let norm = weighted.reduce(0) { $0 + $1.1 * $1.1 }.squareRoot()
            for (j, w) in weighted where norm > 0 { out[row * v + j] = Float(w / norm) }
        }
        return Tensor(shape: [documents.count, v], scalars: out)
    }

    /// Lower-cased runs of letters and digits (underscore counts as one) of length ≥ 2.
    static func tokens(_ text: String) -> [String] {
        var out = [String]()
        var current = ""
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber || ch == "_" {
                current.append(ch)
            } else {
                if current.count >= 2 { out.append(current) }
                current = ""
            }
        }
        if current.count >= 2 { out.append(current) }
        return out
    }
}
