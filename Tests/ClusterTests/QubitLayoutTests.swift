import Testing
@testable import Cluster

/// Issue #23: the bookkeeping of the distributed state vector (no MPI needed).
@Suite struct QubitLayoutTests {
    @Test func swapsKeepTheTwoMapsInverse() {
        var layout = QubitLayout(qubits: 6, localCount: 4)
        #expect(layout.isIdentity && layout.isLocal(3) && !layout.isLocal(4))
        layout.swapPositions(5, 1)
        layout.swapPositions(4, 5)
        #expect(layout.physical == [0, 4, 2, 3, 5, 1] && !layout.isIdentity)
        for q in 0..<6 { #expect(layout.logical[layout.physical[q]] == q) }
    }

    @Test func evictsTheLocalQubitUsedLast() {
        let layout = QubitLayout(qubits: 6, localCount: 4)
        // gate on 0 and 5; then 1, 2 and 3 are used in this order: 3 is needed last
        let upcoming: ArraySlice<[Int]> = [[1], [2, 0], [3]]
        #expect(layout.evictionCandidate(busy: [0, 5], upcoming: upcoming) == 3)
        // a qubit never used again wins; ties go to the highest position
        #expect(layout.evictionCandidate(busy: [0, 5], upcoming: [[3], [2]]) == 1)
        #expect(layout.evictionCandidate(busy: [0, 5], upcoming: []) == 3)
    }

    @Test(arguments: [0, 1, 3, 5])
    func halfRunsVisitTheHalfInIndexOrder(position: Int) {
        let n = 7
        for value in [0, 1] {
            let runs = HalfRuns(position: position, value: value)
            let indices = (0..<(1 << (n - 1))).map(runs.index)
            #expect(indices == (0..<(1 << n)).filter { ($0 >> position) & 1 == value })
            var reals = (0..<(2 << n)).map { Double($0) }
            var packed = [Double](repeating: -1, count: 1 << n)
            reals.withUnsafeMutableBufferPointer { r in
                packed.withUnsafeMutableBufferPointer { p in
                    runs.copy(0..<(1 << (n - 1)), from: r.baseAddress!, into: p.baseAddress!)
                }
            }
            #expect(packed == indices.flatMap { [Double(2 * $0), Double(2 * $0 + 1)] })
            // pieces smaller than a run, then copied back into a cleared vector
            var cleared = [Double](repeating: 0, count: 2 << n)
            cleared.withUnsafeMutableBufferPointer { r in
                packed.withUnsafeMutableBufferPointer { p in
                    for start in stride(from: 0, to: 1 << (n - 1), by: 3) {
                        let piece = start..<min(start + 3, 1 << (n - 1))
                        runs.copy(piece, back: p.baseAddress! + 2 * start, into: r.baseAddress!)
                    }
                }
            }
            let kept = indices.flatMap { [2 * $0, 2 * $0 + 1] }
            #expect(kept.allSatisfy { cleared[$0] == reals[$0] })
        }
    }

    @Test func globalPauliFactors() {
        // Y on global bit 0: ⟨0|Y|1⟩ = −i, ⟨1|Y|0⟩ = i; Z on bit 1: −1 when set
        let y0 = DistributedStateVector<Double>.globalFactor(rank: 0, x: 1, z: 1)
        let y1 = DistributedStateVector<Double>.globalFactor(rank: 1, x: 1, z: 1)
        #expect(y0.re == 0 && y0.im == -1 && y1.re == 0 && y1.im == 1)
        let z = DistributedStateVector<Double>.globalFactor(rank: 2, x: 0, z: 2)
        #expect(z.re == -1 && z.im == 0)
        #expect(DistributedStateVector<Double>.globalFactor(rank: 3, x: 2, z: 0).re == 1)
    }
}
