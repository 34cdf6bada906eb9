/// The processes of a distributed run as one of them sees them: its rank, how many there are,
/// and the collective operations that combine values across them (MPI's allreduce and
/// broadcast). Every rank must make the same calls in the same order.
///
/// Implementations stop the process with a message, rather than return, when another rank
/// has died or stopped answering: a collective cannot complete without every rank.
public protocol Collective: AnyObject, Sendable {
    /// This process's index, 0..<size. Rank 0 alone prints and writes files.
    var rank: Int { get }
    /// The number of processes.
    var size: Int { get }
    /// Replaces `values` on every rank by their element-wise sum over all ranks.
    func sum(_ values: inout [Double])
    /// Replaces `values` on every rank by their element-wise maximum over all ranks.
    func maximum(_ values: inout [Double])
    /// Replaces `values` on every rank by rank `root`'s (every rank passes the same count).
    func broadcast(_ values: inout [Double], from root: Int)
}

extension Collective {
    /// Whether this process writes files and prints results.
    public var isRoot: Bool { rank == 0 }

    /// The part of `0..<count` this rank takes when `count` items are shared out in rank
    /// order: the first `count % size` ranks take one more. O(1).
    public func share(of count: Int) -> Range<Int> {
        let base = count / size
        let extra = count % size
        let start = rank * base + Swift.min(rank, extra)
        return start..<(start + base + (rank < extra ? 1 : 0))
    }

    /// Whether `value` is the same on every rank (compared through its maximum and minimum).
    public func agree(_ value: UInt64) -> Bool {
        // 32-bit halves are exact in a Double.
        let halves = [Double(value >> 32), Double(value & 0xFFFF_FFFF)]
        var high = halves
        var low = halves.map { -$0 }
        maximum(&high)
        maximum(&low)
        return high == halves && low == halves.map { -$0 }
    }
}

/// One process alone: every collective is the identity.
public final class SingleProcess: Collective {
    public let rank = 0
    public let size = 1

    public init() {}

    public func sum(_ values: inout [Double]) {}
    public func maximum(_ values: inout [Double]) {}
    public func broadcast(_ values: inout [Double], from root: Int) {}
}

extension Collective {
    /// Every rank's `values` (of any length), in rank order, on every rank: each rank writes
    /// its values into its own slot of a zeroed table and the tables are summed.
    /// O(size · longest) memory.
    public func gathered(_ values: [Double]) -> [[Double]] {
        guard size > 1 else { return [values] }
        var lengths = [Double](repeating: 0, count: size)
        lengths[rank] = Double(values.count)
        sum(&lengths)
        let longest = Int(lengths.max() ?? 0)
        var table = [Double](repeating: 0, count: size * longest)
        table.replaceSubrange((rank * longest)..<(rank * longest + values.count), with: values)
        sum(&table)
        return (0..<size).map { r in Array(table[(r * longest)..<(r * longest + Int(lengths[r]))]) }
    }
}
