import CKernels

/// Vectorised requantisation: int32 accumulators → 8-bit codes, bit for bit
/// `clamp(z + FixedPointMultiplier.apply(acc), lo, hi)`.
///
/// The arithmetic runs in 64-bit lanes in the C kernels (`quanta_requantize`, compiled per
/// instruction set: AVX-512 has 64-bit multiplies, shifts, min and max): shift left by
/// `max(shift, 0)` and clamp to int32 (as `apply` does), multiply by M0, round to nearest at 2^31
/// (SaturatingRoundingDoublingHighMul; its saturating case a = b = −2^31 cannot occur since
/// M0 ≥ 0), then RoundingDivideByPOT by `max(−shift, 0)`.
struct RequantizeLanes: Sendable {
    /// M0 and the shifts of the 16 lanes, the zero point and the clamp bounds, in C layout.
    private(set) var lanes = quanta_requant_lanes()

    /// One multiplier in every lane.
    init(_ m: FixedPointMultiplier, zero: Int32, lo: Int32, hi: Int32) {
        self.init(ArraySlice(repeatElement(m, count: 16)), zero: zero, lo: lo, hi: hi)
    }

    /// Lane l takes `multipliers[l]` (16 of them).
    init(_ multipliers: ArraySlice<FixedPointMultiplier>, zero: Int32, lo: Int32, hi: Int32) {
        precondition(multipliers.count == 16, "RequantizeLanes: need 16 multipliers, got \(multipliers.count)")
        lanes.zero = Int64(zero)
        lanes.lo = Int64(lo)
        lanes.hi = Int64(hi)
        for (l, m) in multipliers.enumerated() {
            Self.set(&lanes.m0, l, Int64(m.multiplier))
            Self.set(&lanes.left, l, Int64(Swift.max(m.shift, 0)))
            Self.set(&lanes.right, l, Int64(Swift.max(-m.shift, 0)))
        }
    }

    private static func set<T>(_ tuple: inout T, _ l: Int, _ value: Int64) {
        withUnsafeMutableBytes(of: &tuple) { $0.storeBytes(of: value, toByteOffset: 8 * l, as: Int64.self) }
    }

    /// Requantises `count` contiguous accumulators into `count` codes, accumulator i through
    /// lane i mod 16. O(count).
    @inline(__always)
    func run(_ acc: UnsafePointer<Int32>, count: Int, into out: UnsafeMutablePointer<UInt8>) {
        withUnsafePointer(to: lanes) { quanta_requantize($0, acc, count, out) }
    }

    /// Fewer than 16 accumulators (lane l takes accumulator l).
    @inline(__always)
    func tail(_ acc: UnsafePointer<Int32>, count: Int, into out: UnsafeMutablePointer<UInt8>) {
        run(acc, count: count, into: out)
    }

    /// count ≤ 16 accumulators whose codes go to out[l·stride].
    @inline(__always)
    func strided(_ acc: UnsafePointer<Int32>, count: Int, into out: UnsafeMutablePointer<UInt8>, stride: Int) {
        withUnsafePointer(to: lanes) { quanta_requantize_strided($0, acc, Int32(count), out, stride) }
    }
}

extension IntegerMatmulCore {
    /// The requantisation of output channel `j`, broadcast to all lanes.
    func lanes(channel j: Int) -> RequantizeLanes {
        RequantizeLanes(multipliers[j], zero: output.zeroPoint, lo: lowerBound, hi: output.qmax)
    }
}
