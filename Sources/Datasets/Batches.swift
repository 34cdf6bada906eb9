import Tensor

/// Seeded, shuffled mini-batches over a split, reproducible per (seed, epoch), so a
/// resumed run sees exactly the batches the interrupted one would have.
///
/// ```swift
/// for batch in Batches(data.train, size: 64, seed: 7, epoch: epoch) { … batch.features … }
/// ```
public struct Batches: Sequence, Sendable {
    /// The split batched over.
    public let split: DataSplit
    /// Samples per batch (the last may be smaller unless `dropLast`).
    public let size: Int
    /// The sample order of this epoch.
    public let order: [Int]
    /// Whether an incomplete last batch is left out.
    public let dropLast: Bool

    /// Batches of `split` for `epoch`.
    ///
    /// - Parameters:
    ///   - shuffle: when false, samples come in order and `seed`/`epoch` are unused.
    ///   - epoch: each epoch gets its own permutation, derived from `seed` and `epoch` only.
    public init(_ split: DataSplit, size: Int, seed: UInt64 = 0, epoch: Int = 0, shuffle: Bool = true, dropLast: Bool = false) {
        precondition(size > 0, "Batches: batch size \(size) must be positive")
        self.split = split
        self.size = size
        self.dropLast = dropLast
        if shuffle {
            var root = RandomGenerator(seed: seed)
            var epochRNG = RandomGenerator(seed: root.next() ^ UInt64(truncatingIfNeeded: epoch) &* 0x9E37_79B9_7F4A_7C15)
            order = epochRNG.permutation(split.count)
        } else {
            order = Array(0..<split.count)
        }
    }

    /// Number of batches this epoch.
    public var count: Int { dropLast ? order.count / size : (order.count + size - 1) / size }

    /// Batch `index` (0-based).
    public subscript(index: Int) -> DataSplit {
        precondition(index >= 0 && index < count, "Batches: batch \(index) out of 0..<\(count)")
        let start = index * size
        return split.gather(Array(order[start..<Swift.min(start + size, order.count)]))
    }

    /// Iterates the batches in order.
    public func makeIterator() -> AnyIterator<DataSplit> {
        var next = 0
        return AnyIterator {
            guard next < count else { return nil }
            defer { next += 1 }
            return self[next]
        }
    }
}
