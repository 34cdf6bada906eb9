import Foundation
import Tensor

/// Amino-acid sequences with class labels: the peptide sets (modlAMP) and SCL2205 (UniProt
/// subcellular locations), with one-letter tokenisation.
public struct ProteinSequences: Sendable, Equatable {
    public var sequences: [String]
    public var labels: [Int]
    public var classes: [String]

    public init(sequences: [String], labels: [Int], classes: [String]) {
        self.sequences = sequences
        self.labels = labels
        self.classes = classes
    }

    /// The 20 standard one-letter codes, then the rare ones the data sets hold (X unknown,
    /// U selenocysteine, B Asx, Z Glx, O pyrrolysine): token = index here.
    public static let alphabet = Array("ACDEFGHIKLMNPQRSTVWYXUBZO")
    static let index = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, $0) })

    /// The tokens of one sequence (upper or lower case). Throws for an empty sequence or a
    /// letter outside the alphabet, naming `name` and the 1-based position.
    public static func tokens(_ sequence: String, name: String = "sequence") throws -> [Int] {
        guard !sequence.isEmpty else { throw DatasetError.invalidArgument("\(name) is empty") }
        return try sequence.uppercased().enumerated().map { position, letter in
            guard let token = index[letter] else {
                throw DatasetError.invalidArgument("\(name), position \(position + 1): '\(letter)' is not an amino-acid code "
                    + "(\(String(alphabet)))")
            }
            return token
        }
    }

    /// Every sequence's tokens, checked.
    public func tokenized() throws -> [[Int]] {
        try sequences.enumerated().map { try Self.tokens($1, name: "sequence \($0 + 1)") }
    }

    /// Composition: per sequence the fraction of each of the 25 codes, [N, 25].
    public func composition() throws -> Tensor<Float> {
        let k = Self.alphabet.count
        var out = [Float](repeating: 0, count: sequences.count * k)
        for (i, tokens) in try tokenized().enumerated() {
            for t in tokens { out[i * k + t] += 1 / Float(tokens.count) }
        }
        return Tensor(shape: [sequences.count, k], scalars: out)
    }

    /// The rows at `indices`.
    public func subset(_ indices: [Int]) -> ProteinSequences {
        ProteinSequences(sequences: indices.map { sequences[$0] }, labels: indices.map { labels[$0] }, classes: classes)
    }
}
