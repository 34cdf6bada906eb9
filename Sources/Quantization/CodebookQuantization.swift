import Foundation

/// JLCM-style codebook quantization (Yvinec, Dapogny, Bailly; papers.md §C12): each weight stores
/// the index (b bits) of an entry of a small codebook shared by a group of output neurons. The
/// neurons of a layer are reordered by the spread of their weights so that similar ones share a
/// group (the order is stored, not a per-weight mapping); each group's 2^b entries start from
/// k-means (Lloyd, 1-D) of its weights and are then learned jointly with the assignments on the
/// layer's output reconstruction: codebook values by Adam through the gather's gradient, and an
/// assignment moves to a neighbouring entry only (the next smaller or larger value) when the
/// first-order change of the loss says it helps.
public struct CodebookQuantization: Sendable {
    public var bits = 3
    /// Output neurons per codebook.
    public var groupSize = 8
    /// Joint-learning steps per layer (0: k-means only); rows per step.
    public var iterations = 300
    public var batchSize = 64
    public var learningRate = 1e-3
    /// Assignment moves are tried every this many steps.
    public var moveEvery = 10
    public var seed: UInt64 = 0

    public init() {}

    /// One layer's codebooks: neuron order, group codebooks [groups][2^b] and indices per weight.
    public struct LayerCodes: Sendable {
        /// Output neurons sorted by the spread of their weights; group g holds order[g·size…].
        public var order: [Int]
        public var codebooks: [[Float]]
        /// Entry index of every weight, row-major over the [N, K] matrix in the original order.
        public var indices: [Int32]
        public var rows: Int
        public var columns: Int
        public var groupSize: Int

        /// The dequantized [N, K] matrix.
        public func weights() -> Tensor<Float> {
            var values = [Float](repeating: 0, count: rows * columns)
            for (position, row) in order.enumerated() {
                let book = codebooks[position / groupSize]
                for c in 0..<columns { values[row * columns + c] = book[Int(indices[row * columns + c])] }
            }
            return Tensor(shape: [rows, columns], scalars: values)
        }

        /// Bytes: b bits per weight, 4 per codebook entry, 2 per neuron of the order.
        public func byteCount(bits: Int) -> Int { (rows * columns * bits + 7) / 8 + 4 * codebooks.count * (1 << bits) + 2 * rows }
    }

    /// k-means codebooks for `weight` [N, K] (no data).
    public func initialCodes(_ weight: Tensor<Float>) -> LayerCodes {
        let (rows, columns) = (weight.shape[0], weight.shape[1])
        let spread = (0..<rows).map { r -> Float in
            let row = weight.scalars[r * columns..<(r + 1) * columns]
            return row.map { $0 * $0 }.reduce(0, +)
        }
        let order = (0..<rows).sorted { spread[$0] < spread[$1] }
        var indices = [Int32](repeating: 0, count: rows * columns)
        var codebooks: [[Float]] = []
        for start in stride(from: 0, to: rows, by: groupSize) {
            let members = Array(order[start..<Swift.min(start + groupSize, rows)])
            let values = members.flatMap { weight.scalars[$0 * columns..<($0 + 1) * columns] }
            let book = Self.kMeans(values, entries: 1 << bits)
            for r in members {
                for c in 0..<columns { indices[r * columns + c] = Self.nearest(weight.scalars[r * columns + c], in: book) }
            }
            codebooks.append(book)
        }
        return LayerCodes(order: order, codebooks: codebooks, indices: indices, rows: rows, columns: columns, groupSize: groupSize)
    }

    /// Lloyd's algorithm in 1-D from the quantiles; returns sorted centroids.
    static func kMeans(_ values: [Float], entries: Int, rounds: Int = 30) -> [Float] {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return [Float](repeating: 0, count: entries) }
        var centroids = (0..<entries).map { sorted[Swift.min((2 * $0 + 1) * sorted.count / (2 * entries), sorted.count - 1)] }
        for _ in 0..<rounds {
            var sums = [Float](repeating: 0, count: entries), counts = [Int](repeating: 0, count: entries)
            for v in sorted {
                let j = Int(nearest(v, in: centroids))
                sums[j] += v
                counts[j] += 1
            }
            for j in 0..<entries where counts[j] > 0 { centroids[j] = sums[j] / Float(counts[j]) }
            centroids.sort()
        }
        return centroids
    }

    static func nearest(_ v: Float, in book: [Float]) -> Int32 {
        var best = 0
        for j in 1..<book.count where Swift.abs(book[j] - v) < Swift.abs(book[best] - v) { best = j }
        return Int32(best)
    }
}
