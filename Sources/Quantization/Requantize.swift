/// Vectorised requantisation: int32 accumulators → 8-bit codes, 16 lanes at a time, bit for bit
/// `clamp(z + FixedPointMultiplier.apply(acc), lo, hi)`.
///
/// The fixed-point arithmetic runs in 64-bit lanes (AVX-512 has 64-bit multiplies, shifts,
/// min and max): shift left by `max(shift, 0)` and clamp to int32 (as `apply` does), multiply
/// by M0, round to nearest at 2^31 (SaturatingRoundingDoublingHighMul; its saturating case
/// a = b = −2^31 cannot occur since M0 ≥ 0), then RoundingDivideByPOT by `max(−shift, 0)`.
struct RequantizeLanes: Sendable {
    typealias Wide = SIMD8<Int64>
    /// M0, the left shift and the right shift of the even lanes (0, 2, …, 14) and of the odd lanes.
    var m0: (even: Wide, odd: Wide), left: (even: Wide, odd: Wide), right: (even: Wide, odd: Wide)
    /// Output zero point and clamp bounds.
    let zero: Wide, lo: Wide, hi: Wide

    /// One multiplier in every lane.
    init(_ m: FixedPointMultiplier, zero: Int32, lo: Int32, hi: Int32) {
        let m0 = Wide(repeating: Int64(m.multiplier)), left = Wide(repeating: Int64(Swift.max(m.shift, 0)))
        let right = Wide(repeating: Int64(Swift.max(-m.shift, 0)))
        (self.m0, self.left, self.right) = ((m0, m0), (left, left), (right, right))
        self.zero = Wide(repeating: Int64(zero)); self.lo = Wide(repeating: Int64(lo)); self.hi = Wide(repeating: Int64(hi))
    }

    /// Lane l takes `multipliers[l]` (16 of them).
    init(_ multipliers: ArraySlice<FixedPointMultiplier>, zero: Int32, lo: Int32, hi: Int32) {
        precondition(multipliers.count == 16, "RequantizeLanes: need 16 multipliers, got \(multipliers.count)")
        self.init(FixedPointMultiplier(0), zero: zero, lo: lo, hi: hi)
        for (l, m) in multipliers.enumerated() {
            let (mantissa, left, right) = (Int64(m.multiplier), Int64(Swift.max(m.shift, 0)), Int64(Swift.max(-m.shift, 0)))
            if l % 2 == 0 {
                m0.even[l / 2] = mantissa; self.left.even[l / 2] = left; self.right.even[l / 2] = right
            } else {
                m0.odd[l / 2] = mantissa; self.left.odd[l / 2] = left; self.right.odd[l / 2] = right
            }
        }
    }

    /// clamp(z + round(x·M), lo, hi) per lane, as 8-bit codes (two's complement when signed).
    /// The 16 int32 lanes are split into even and odd int64 lanes by shifts of the 64-bit view
    /// (the stdlib's lane-wise widening conversion is not inlined), then joined again. The two
    /// halves repeat the same lines: a helper function is not inlined (measured) even when marked so.
    @inline(__always)
    func apply(_ x: SIMD16<Int32>) -> SIMD16<UInt8> {
        let int32Min = Wide(repeating: Int64(Int32.min)), int32Max = Wide(repeating: Int64(Int32.max))
        let low31 = Wide(repeating: 0x7FFF_FFFF), half = Wide(repeating: 1 << 30), one = Wide(repeating: 1)
        let pairs = unsafeBitCast(x, to: Wide.self)
        // even lanes: shift left, clamp to int32, multiply by M0
        var a = ((pairs &<< 32) &>> 32) &<< left.even
        a = a.replacing(with: int32Min, where: a .< int32Min).replacing(with: int32Max, where: a .> int32Max)
        var ab = a &* m0.even
        // SaturatingRoundingDoublingHighMul: nudge 2^30 or 1 − 2^30, then / 2^31 truncated toward zero
        var t = ab &+ (half &- ((ab &>> 63) & low31))
        var high = (t &+ ((t &>> 63) & low31)) &>> 31
        // RoundingDivideByPOT: + 1 when the remainder exceeds the threshold (+ 1 for negative values)
        var mask = (one &<< right.even) &- one
        var threshold = (mask &>> 1) &- (high &>> 63)
        var q = (high &>> right.even) &- ((threshold &- (high & mask)) &>> 63) &+ zero
        let even = q.replacing(with: lo, where: q .< lo).replacing(with: hi, where: q .> hi)
        // odd lanes: the same
        a = (pairs &>> 32) &<< left.odd
        a = a.replacing(with: int32Min, where: a .< int32Min).replacing(with: int32Max, where: a .> int32Max)
        ab = a &* m0.odd
        t = ab &+ (half &- ((ab &>> 63) & low31))
        high = (t &+ ((t &>> 63) & low31)) &>> 31
        mask = (one &<< right.odd) &- one
        threshold = (mask &>> 1) &- (high &>> 63)
        q = (high &>> right.odd) &- ((threshold &- (high & mask)) &>> 63) &+ zero
        let odd = q.replacing(with: lo, where: q .< lo).replacing(with: hi, where: q .> hi)
        let joined = (odd &<< 32) | (even & Wide(repeating: 0xFFFF_FFFF))
        return SIMD16<UInt8>(truncatingIfNeeded: unsafeBitCast(joined, to: SIMD16<Int32>.self))
    }

    /// Requantises `count` contiguous accumulators into `count` codes (every lane must hold the
    /// same multiplier). The last partial group goes through the same lanes. O(count).
    @inline(__always)
    func run(_ acc: UnsafePointer<Int32>, count: Int, into out: UnsafeMutablePointer<UInt8>) {
        var i = 0
        while i + 16 <= count {
            let v = UnsafeRawPointer(acc + i).loadUnaligned(as: SIMD16<Int32>.self)
            UnsafeMutableRawPointer(out + i).storeBytes(of: apply(v), as: SIMD16<UInt8>.self)
            i += 16
        }
        if i < count { tail(acc + i, count: count - i, into: out + i) }
    }

    /// Fewer than 16 accumulators: gathered into zero-padded lanes, stored lane by lane.
    @inline(__always)
    func tail(_ acc: UnsafePointer<Int32>, count: Int, into out: UnsafeMutablePointer<UInt8>) {
        var v = SIMD16<Int32>()
        for l in 0..<count { v[l] = acc[l] }
        let codes = apply(v)
        for l in 0..<count { out[l] = codes[l] }
    }
}

extension IntegerMatmulCore {
    /// The requantisation of output channel `j`, broadcast to all lanes.
    func lanes(channel j: Int) -> RequantizeLanes {
        RequantizeLanes(multipliers[j], zero: output.zeroPoint, lo: lowerBound, hi: output.qmax)
    }
}
