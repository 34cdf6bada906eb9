import CKernels

/// The uncontrolled dense 2×2 kernel for targets q ≥ 2 as one flat loop over the pair index.
///
/// Pair k (an amplitude index with bit q removed) lives at amplitude j = k + (k & ~(2^q − 1))
/// and its partner at j + 2^q. Each step takes 8 consecutive pair indices, i.e. two 4-amplitude
/// vectors and their partners, whatever the run length 2^q: no per-run set-up, four loads in
/// flight. Measured at n = 20 (state in L3), q = 2…4: the run-by-run loop spent up to 1.3× the
/// time of a target ≥ 6 on its per-run overhead. For targets 5…10 on states larger than L2 the
/// loop also prefetches the state in address order (`prefetchSteps`). O(2ⁿ).
extension OneQubitKernels {
    @_specialize(where R == Double)
    @_specialize(where R == Float)
    static func denseFlat<R: SimReal>(_ p: UnsafeMutablePointer<R>, qubits n: Int, target q: Int,
                                      matrix m: UnsafePointer<Complex>, threads: Int) {
        precondition(q >= 2 && n >= 4, "denseFlat: target \(q) of \(n) qubits")
        let kind = kind(m).cKind
        let steps = (1 << (n - 1)) / 8
        let ahead = prefetchSteps(qubits: n, target: q, R.self)
        parallelChunks(steps, threads: threads) { range in
            quanta_sv_pair_flat(R.kernelFlag, p, kind, interleaved(m), Int32(q), ahead, steps,
                                range.lowerBound, range.upperBound)
        }
    }

    /// How many steps ahead to prefetch for target q (0: none). Targets 5…10 walk two streams
    /// 0.5–16 KiB apart inside the same pages, back and forth, which the hardware prefetchers
    /// follow badly: measured at n = 24 (1 thread, complex128) RX took 20 ms at q = 5 and
    /// 12–17 ms at q = 6…11 against 9 ms at q ≤ 4 or ≥ 13, and the same shape at n = 19…20.
    /// A software stream that reads the state in address order, one block of 2^(q+1) amplitudes
    /// ahead of the computation (at most 16 KiB: further ahead, lines are evicted from L1 before
    /// use), brings these targets to 9.6–10.4 ms at n = 24 (W1 gate by gate: 7–9 % faster at
    /// 1 thread; at 2 threads the penalty was smaller, q = 5 at 10 ms against 7.5, and the gain ~3 %).
    /// Not for states that fit in L2 (there it only costs instructions), nor for q ≥ 11 (slower at
    /// n ≤ 20, within noise at n = 24). The same look-ahead on CNOT(q, q+1) runs gained at most
    /// 1 % of W1 and lost at 2 threads, so the permutation kernels do without.
    @inline(__always)
    static func prefetchSteps<R>(qubits n: Int, target q: Int, _: R.Type) -> Int {
        let ampBytes = 2 * MemoryLayout<R>.stride
        guard (5...10).contains(q), ampBytes << n > 2 << 20 else { return 0 }
        return min(ampBytes << (q + 1), 16 << 10) / (16 * ampBytes)
    }
}
