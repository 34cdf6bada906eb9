import Foundation

extension ProteinSequences {
    /// A modlAMP peptide file: a first line `count,1,CLASS0,CLASS1`, then `SEQUENCE,label` rows
    /// (whitespace and CR line ends tolerated). Throws naming the line of a bad row.
    public static func readPeptides(_ url: URL) throws -> ProteinSequences {
        let text = String(decoding: try FileBytes.read(url), as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let header = lines.first?.split(separator: ",").map(String.init) ?? []
        guard header.count >= 4, let count = Int(header[0]) else {
            throw DatasetError.malformedText(file: url.lastPathComponent, line: 1, column: nil, problem: "expected count,1,CLASS0,CLASS1")
        }
        var sequences = [String]()
        var labels = [Int]()
        for (i, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 2, let label = Int(fields[1]), (0...1).contains(label) else {
                throw DatasetError.malformedText(file: url.lastPathComponent, line: i + 2, column: nil, problem: "expected SEQUENCE,0|1")
            }
            _ = try tokens(fields[0], name: "\(url.lastPathComponent) line \(i + 2)")
            sequences.append(fields[0])
            labels.append(label)
        }
        guard sequences.count == count else {
            throw DatasetError.malformedText(file: url.lastPathComponent, line: 1, column: nil,
                                             problem: "the header announces \(count) rows; the file has \(sequences.count)")
        }
        return ProteinSequences(sequences: sequences, labels: labels, classes: Array(header[2...3]))
    }

    /// SCL2205 from its folder: `scl2205.csv(.gz)` (entry,seq,scl), `splits.json(.gz)` (trn,
    /// vld, tst row indices) and `labels.json` (index_to_label). Returns the three splits.
    public static func readSCL(_ folder: URL) throws -> (train: ProteinSequences, validation: ProteinSequences, test: ProteinSequences) {
        func file(_ names: [String]) throws -> URL {
            guard let url = names.map({ folder.appendingPathComponent($0) }).first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
                throw DatasetError.unreadable(file: folder.appendingPathComponent(names[0]).path, reason: "no such file")
            }
            return url
        }
        let csv = try file(["scl2205.csv.gz", "scl2205.csv"])
        let all = try readSCLRows(csv)
        let labelsFile = try JSONSerialization.jsonObject(with: Data(try FileBytes.read(try file(["labels.json"])))) as? [String: Any]
        let names = labelsFile?["index_to_label"] as? [String: String] ?? [:]
        let classes = (0..<names.count).map { names[String($0)] ?? "class \($0)" }
        let splits = try JSONSerialization.jsonObject(with: Data(try FileBytes.read(try file(["splits.json.gz", "splits.json"])))) as? [String: Any]
        func rows(_ key: String) throws -> [Int] {
            guard let r = splits?[key] as? [Int], r.allSatisfy({ (0..<all.sequences.count).contains($0) }) else {
                throw DatasetError.malformedText(file: "splits.json", line: 1, column: nil, problem: "\"\(key)\" is not a list of row indices")
            }
            return r
        }
        var data = all
        data.classes = classes
        return (data.subset(try rows("trn")), data.subset(try rows("vld")), data.subset(try rows("tst")))
    }

    static func readSCLRows(_ url: URL) throws -> ProteinSequences {
        let text = String(decoding: try FileBytes.read(url), as: UTF8.self)
        var sequences = [String]()
        var labels = [Int]()
        for (i, line) in text.split(whereSeparator: \.isNewline).enumerated().dropFirst() {
            let fields = line.split(separator: ",")
            guard fields.count == 3, let label = Int(fields[2]), label >= 0 else {
                throw DatasetError.malformedText(file: url.lastPathComponent, line: i + 1, column: nil, problem: "expected entry,sequence,class")
            }
            sequences.append(String(fields[1]))
            labels.append(label)
        }
        return ProteinSequences(sequences: sequences, labels: labels, classes: [])
    }
}
