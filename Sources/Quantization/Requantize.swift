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

/// The requantisation of channels-last accumulators [rows, N] with the layer's offsets added:
/// the channel of value i is i mod N, so the lanes repeat every lcm(N, 16) values; one lane group
/// per 16 values of that period (N/16 groups when 16 divides N). Bit for bit
/// `FixedPointMultiplier.apply` of acc + offset, zero point and clamp.
struct PeriodicRequantization: Sendable {
    let groups: [RequantizeLanes]
    /// offsets[channel of period position p], 16 per group.
    let offsets: [Int32]

    init(multipliers: [FixedPointMultiplier], offsets channelOffsets: [Int32], zero: Int32, lo: Int32, hi: Int32) {
        let n = multipliers.count
        var g = n, b = 16
        while b != 0 { (g, b) = (b, g % b) }
        let period = n / g * 16
        groups = stride(from: 0, to: period, by: 16).map { start in
            RequantizeLanes(ArraySlice((start..<(start + 16)).map { multipliers[$0 % n] }), zero: zero, lo: lo, hi: hi)
        }
        offsets = (0..<period).map { channelOffsets[$0 % n] }
    }

    /// out[i] = requantisation of acc[i] + offsets[i mod N], i < count. O(count).
    func run(_ acc: UnsafePointer<Int32>, count: Int, into out: UnsafeMutablePointer<UInt8>) {
        groups.withUnsafeBufferPointer { g in
            offsets.withUnsafeBufferPointer { o in
                g.withMemoryRebound(to: quanta_requant_lanes.self) { lanes in
                    quanta_requantize_periodic(lanes.baseAddress!, Int32(lanes.count), o.baseAddress!, acc, count, out)
                }
            }
        }
    }
}
