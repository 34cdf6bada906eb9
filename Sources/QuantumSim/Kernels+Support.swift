import Dispatch

/// Splits `0..<count` into `threads` contiguous chunks run concurrently (or runs it inline).
func parallelChunks(_ count: Int, threads: Int, _ body: (Range<Int>) -> Void) {
    let t = min(threads, count)
    if t <= 1 { body(0..<count); return }
    DispatchQueue.concurrentPerform(iterations: t) { k in
        body((count * k / t)..<(count * (k + 1) / t))
    }
}

/// Sets `count` reals to +0 with one memset: IEEE zero is all zero bits. `initialize(repeating:)`
/// on a generic `R` goes through a value-witness call per element when the caller is not
/// specialised (`StateVector` methods: resetting n = 24 took 48 ms).
@inline(__always)
func zeroFill<R: SimReal>(_ p: UnsafeMutablePointer<R>, count: Int) {
    UnsafeMutableRawPointer(p).initializeMemory(as: UInt8.self, repeating: 0, count: count * MemoryLayout<R>.stride)
}

/// Bit positions with zeros inserted into a dense counter: maps k ↦ the k-th index whose bits at
/// `positions` are all 0. Positions are sorted once at construction.
@usableFromInline
struct ZeroInserter: Sendable {
    @usableFromInline var sorted: [Int]
    // Low-bit masks of the first three sorted positions, stored inline: kernels call `expand` once
    // per run of amplitudes, and walking the array there (bounds checks, iterator) cost up to 2×
    // on runs of 4 amplitudes (CNOT(2, 3) at n = 20).
    @usableFromInline let m0: Int, m1: Int, m2: Int
    // whether positions beyond the third exist: a stored flag, so `expand` touches the array
    // only then (the count was reloaded on every call, as the kernels' stores may alias it:
    // CNOT(2, 3) and CNOT(4, 5) at n = 20, 1 thread, took 13–15 % longer, 6 alternated runs)
    @usableFromInline let beyondThird: Bool
    @usableFromInline init(_ positions: [Int]) {
        sorted = positions.sorted()
        beyondThird = sorted.count > 3
        let masks = sorted.prefix(3).map { (1 << $0) &- 1 }
        m0 = masks.count > 0 ? masks[0] : -1
        m1 = masks.count > 1 ? masks[1] : -1
        m2 = masks.count > 2 ? masks[2] : -1
    }

    @inline(__always)
    func expand(_ k: Int) -> Int {
        // a mask of −1 (no such position) leaves i unchanged: low = i, i ^ low = 0
        var low = k & m0
        var i = low | ((k ^ low) << 1)
        low = i & m1; i = low | ((i ^ low) << 1)
        low = i & m2; i = low | ((i ^ low) << 1)
        if beyondThird {
            for p in sorted[3...] {
                let low = i & ((1 << p) &- 1)
                i = low | ((i ^ low) << 1)
            }
        }
        return i
    }

    /// Length of the contiguous run of free indices below the lowest fixed bit.
    var runLength: Int { sorted.isEmpty ? Int.max : 1 << sorted[0] }
}

/// Structure of a gate matrix, which picks the kernel.
public enum MatrixStructure: Sendable, Equatable {
    /// Only diagonal entries are non-zero.
    case diagonal
    /// One non-zero per row and column (a permutation with phases).
    case permutation
    /// Anything else.
    case dense

    /// Classifies a row-major `d×d` matrix with tolerance `tol`.
    public static func of(_ m: [Complex], tolerance tol: Double = 0) -> MatrixStructure {
        let d = Int(Double(m.count).squareRoot().rounded())
        var diag = true, perm = true
        for r in 0..<d {
            var nz = 0
            for c in 0..<d where m[r * d + c].magnitudeSquared > tol * tol {
                nz += 1
                if r != c { diag = false }
            }
            if nz != 1 { perm = false; diag = false }
        }
        if diag { return .diagonal }
        if perm {
            for c in 0..<d {
                var nz = 0
                for r in 0..<d where m[r * d + c].magnitudeSquared > tol * tol { nz += 1 }
                if nz != 1 { return .dense }
            }
            return .permutation
        }
        return .dense
    }
}
