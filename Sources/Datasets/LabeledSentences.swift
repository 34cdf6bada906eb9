import Foundation

/// Sentences with class labels, one per line in fastText form (`__label__NAME text…`), as the
/// Pang & Lee polarity set in `text-eval` is stored.
public struct LabeledSentences: Sendable, Equatable {
    public var texts: [String]
    /// Class indices into `classes`.
    public var labels: [Int]
    /// Label names in order of first appearance after sorting (`neg`, `pos`).
    public var classes: [String]

    public init(texts: [String], labels: [Int], classes: [String]) {
        self.texts = texts
        self.labels = labels
        self.classes = classes
    }

    /// Reads a fastText file; bytes that are not UTF-8 are taken as Windows-1252. Throws naming
    /// the line of a malformed entry.
    public static func readFastText(_ url: URL) throws -> LabeledSentences {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DatasetError.unreadable(file: url.path, reason: error.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .windowsCP1252) else {
            throw DatasetError.unreadable(file: url.path, reason: "neither UTF-8 nor Windows-1252 text")
        }
        var names = [String]()
        var texts = [String]()
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (i, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard line.hasPrefix("__label__"), let space = line.firstIndex(of: " ") else {
                throw DatasetError.malformedText(file: url.lastPathComponent, line: i + 1, column: 1,
                                                 problem: "expected __label__NAME followed by the sentence")
            }
            names.append(String(line[line.index(line.startIndex, offsetBy: 9)..<space]))
            texts.append(String(line[line.index(after: space)...]))
        }
        let classes = Array(Set(names)).sorted()
        return LabeledSentences(texts: texts, labels: names.map { classes.firstIndex(of: $0)! }, classes: classes)
    }

    /// The polarity sentences of the registered `text-eval` set, located as every data set is.
    public static func polarity(dataDir: URL? = nil) throws -> LabeledSentences {
        try readFastText(try DatasetRegistry.locate("text-eval", dataDir: dataDir).appendingPathComponent("pang_lee_polarity.cor"))
    }

    /// The sentences at `indices`.
    public func subset(_ indices: [Int]) -> LabeledSentences {
        LabeledSentences(texts: indices.map { texts[$0] }, labels: indices.map { labels[$0] }, classes: classes)
    }
}
