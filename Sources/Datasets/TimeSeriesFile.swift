import Foundation
import Tensor

/// A labelled time-series collection read from a `.ts` file (sktime / UEA-UCR format):
/// `#` comment lines, `@tag value` header lines ending with `@data`, then one series per
/// line — comma-separated values per dimension, dimensions separated by `:`, and the class
/// label after the last `:`.
public struct TimeSeriesFile: Sendable, Equatable {
    /// `@problemName`, if given.
    public var problemName: String?
    /// The class labels of `@classLabel true …`, in the order declared.
    public var classLabels: [String]
    /// Number of dimensions (channels) per series.
    public var dimensions: Int
    /// Length of every series.
    public var length: Int
    /// Values as [series, dimension, time], flattened row-major.
    public var values: [Double]
    /// Each series' class as an index into `classLabels`.
    public var labels: [Int]

    /// Number of series.
    public var count: Int { labels.count }

    /// The series as a `Float` tensor: [N, length] when univariate, else [N, dimensions, length].
    public var features: Tensor<Float> {
        let shape = dimensions == 1 ? [count, length] : [count, dimensions, length]
        return Tensor(shape: shape, scalars: values.map { Float($0) })
    }

    /// Parses `.ts` text. Only equal-length series with class labels are supported.
    /// - Throws: `DatasetError.malformedText` with the line of the first problem.
    public init(bytes: [UInt8], file: String) throws {
        problemName = nil
        classLabels = []
        dimensions = 0
        length = 0
        values = []
        labels = []
        var declaredLength: Int?
        var inData = false
        var hasLabels = false
        var lineNumber = 0
        var labelIndex: [String: Int] = [:]
        for rawLine in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = String(decoding: rawLine, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            func fail(_ problem: String, column: Int? = nil) -> DatasetError {
                .malformedText(file: file, line: lineNumber, column: column, problem: problem)
            }
            if !inData {
                guard line.hasPrefix("@") else { throw fail("expected a @tag or @data before the series, found \(line.prefix(40).debugDescription)") }
                let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                switch parts[0].lowercased() {
                case "@data":
                    guard hasLabels else { throw fail("@data before '@classLabel true …': only labelled series are supported") }
                    inData = true
                case "@problemname": problemName = parts.dropFirst().joined(separator: " ")
                case "@serieslength":
                    guard parts.count == 2, let n = Int(parts[1]), n > 0, n < 1 << 24 else { throw fail("bad @seriesLength \(parts.dropFirst().joined(separator: " ").debugDescription)") }
                    declaredLength = n
                case "@equallength":
                    if parts.count > 1, parts[1].lowercased() == "false" { throw fail("unequal-length series are not supported") }
                case "@classlabel":
                    guard parts.count >= 2, parts[1].lowercased() == "true" else { throw fail("@classLabel must be 'true' followed by the labels") }
                    classLabels = Array(parts.dropFirst(2))
                    guard !classLabels.isEmpty else { throw fail("@classLabel true lists no labels") }
                    guard Set(classLabels).count == classLabels.count else { throw fail("@classLabel lists a label twice") }
                    for (i, l) in classLabels.enumerated() { labelIndex[l] = i }
                    hasLabels = true
                default: continue // @timeStamps, @missing, @univariate, @dimension: informational
                }
                continue
            }
            var parts = line.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 2 else { throw fail("series has no ':label' at the end") }
            let label = parts.removeLast().trimmingCharacters(in: .whitespaces)
            guard let index = labelIndex[label] else {
                throw fail("class label \(label.debugDescription) is not among @classLabel \(classLabels.joined(separator: " "))")
            }
            if dimensions == 0 { dimensions = parts.count }
            guard parts.count == dimensions else { throw fail("\(parts.count) dimensions, but the first series has \(dimensions)") }
            var column = 1
            for dimension in parts {
                let fields = dimension.split(separator: ",", omittingEmptySubsequences: false)
                if length == 0 { length = declaredLength ?? fields.count }
                guard fields.count == length else {
                    throw fail("series of length \(fields.count), expected \(length)\(declaredLength != nil ? " (@seriesLength)" : "")", column: column)
                }
                for f in fields {
                    guard let v = Double(f.trimmingCharacters(in: .whitespaces)), v.isFinite else {
                        throw fail("\(String(f.prefix(40)).debugDescription) is not a finite number", column: column)
                    }
                    values.append(v)
                    column += f.count + 1
                }
            }
            labels.append(index)
        }
        guard inData else { throw DatasetError.malformedText(file: file, line: lineNumber, column: nil, problem: "no @data line") }
        guard !labels.isEmpty else { throw DatasetError.malformedText(file: file, line: lineNumber, column: nil, problem: "no series after @data") }
    }

    /// Reads a `.ts` file (gzip-compressed or not).
    public init(contentsOf url: URL) throws {
        try self.init(bytes: FileBytes.read(url), file: url.path)
    }
}
