/// Where each logical qubit of a distributed state sits: bit positions below `localCount`
/// index amplitudes inside a rank, the ones above index the ranks. Swapping a global position
/// with a local one moves qubits between the two (see `DistributedStateVector`).
public struct QubitLayout: Sendable, Equatable {
    /// physical[q]: the bit position of logical qubit q.
    public private(set) var physical: [Int]
    /// logical[p]: the logical qubit at bit position p.
    public private(set) var logical: [Int]
    /// Bit positions that index amplitudes inside a rank.
    public let localCount: Int

    /// Every qubit at its own position.
    public init(qubits: Int, localCount: Int) {
        physical = Array(0..<qubits)
        logical = Array(0..<qubits)
        self.localCount = localCount
    }

    /// Whether logical qubit `q` sits at a local position.
    public func isLocal(_ q: Int) -> Bool { physical[q] < localCount }

    /// Whether every qubit sits at its own position.
    public var isIdentity: Bool { physical == Array(0..<physical.count) }

    /// Exchanges the qubits at positions `a` and `b`.
    public mutating func swapPositions(_ a: Int, _ b: Int) {
        let qa = logical[a]
        let qb = logical[b]
        logical[a] = qb
        logical[b] = qa
        physical[qa] = b
        physical[qb] = a
    }

    /// The local position to move a global qubit into before `upcoming[0]`, which acts on
    /// `busy` logical qubits: not holding any of them, and holding the qubit used last in
    /// `upcoming` (or never; ties: the highest position, whose amplitudes move in the longest
    /// contiguous runs). Looks at most `horizon` instructions ahead.
    func evictionCandidate(busy: [Int], upcoming: ArraySlice<[Int]>, horizon: Int = 2_000) -> Int {
        var candidates = Set((0..<localCount).filter { !busy.contains(logical[$0]) })
        precondition(!candidates.isEmpty, "no local position free for a gate on \(busy)")
        for qubits in upcoming.prefix(horizon) {
            for q in qubits where candidates.count > 1 {
                candidates.remove(physical[q])
            }
            if candidates.count == 1 { break }
        }
        return candidates.max()!
    }
}
