/// How a federated run deals the training samples to its clients (disjoint shards).
public enum ClientPartition: Sendable, Equatable {
    /// A seeded random split; `unbalanced` gives clients sizes in proportion to weights drawn
    /// uniformly from [0.25, 1.75] (as McMahan et al.'s unbalanced partitions), else equal sizes.
    case iid(unbalanced: Bool)
    /// Non-IID by class: the samples sorted by label and cut into `classesPerClient` shards per
    /// client, dealt at random, so each client sees about `classesPerClient` classes.
    case byClass(classesPerClient: Int)

    /// The clients' sample indices into `labels` (each client non-empty when there are at
    /// least as many samples as shards). O(N log N).
    public func shards(labels: [Int], clients: Int, seed: UInt64) -> [[Int]] {
        precondition(clients > 0 && labels.count >= clients, "ClientPartition: \(labels.count) samples for \(clients) clients")
        var rng = RandomGenerator(seed: seed)
        switch self {
        case let .iid(unbalanced):
            let order = rng.permutation(labels.count)
            let weights = (0..<clients).map { _ in unbalanced ? 0.25 + 1.5 * rng.nextUnit() : 1 }
            return Self.cut(order, weights: weights)
        case let .byClass(classesPerClient):
            let order = Array(0..<labels.count).sorted { (labels[$0], $0) < (labels[$1], $1) }
            let pieces = Self.cut(order, weights: [Double](repeating: 1, count: clients * classesPerClient))
            let dealt = rng.permutation(pieces.count)
            return (0..<clients).map { c in
                (0..<classesPerClient).flatMap { pieces[dealt[c * classesPerClient + $0]] }
            }
        }
    }

    /// `items` cut in order into consecutive parts sized in proportion to `weights` (each ≥ 1).
    static func cut(_ items: [Int], weights: [Double]) -> [[Int]] {
        let total = weights.reduce(0.0) { $0 + $1 }
        var bounds = [0]
        var cumulative = 0.0
        for (i, w) in weights.enumerated() {
            cumulative += w
            let remaining = weights.count - 1 - i
            let end = i == weights.count - 1 ? items.count : Int((cumulative / total * Double(items.count)).rounded())
            bounds.append(Swift.min(Swift.max(end, bounds.last! + 1), items.count - remaining))
        }
        return (0..<weights.count).map { Array(items[bounds[$0]..<bounds[$0 + 1]]) }
    }
}
