import Foundation

/// A real multiplier M > 0 as a fixed-point int32 M0 and a power-of-two shift,
/// M ≈ M0 · 2^(shift − 31) with M0 ∈ [2^30, 2^31) (TFLite's `QuantizeMultiplier`, gemmlowp).
///
/// Requantising an int32 accumulator a to the output scale: y = z_out + round(a·M), computed
/// exactly in integers as `RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(a·2^left, M0), right)`.
public struct FixedPointMultiplier: Sendable, Equatable, Codable {
    /// Q0.31 mantissa in [2^30, 2^31) (0 for M = 0).
    public let multiplier: Int32
    /// Binary exponent: positive shifts left before the multiply, negative rounds right after it.
    public let shift: Int32

    /// An explicit pair (from a file); throws when the mantissa is negative or the shift is outside [−31, 30].
    public init(multiplier: Int32, shift: Int32) throws {
        guard multiplier >= 0, (-31...30).contains(shift) else {
            throw QuantizationError.invalidScheme("fixed-point multiplier \(multiplier)·2^(\(shift)−31) out of range")
        }
        self.multiplier = multiplier; self.shift = shift
    }

    /// The closest representation of `real` (≥ 0). Values below 2^−31 become 0.
    public init(_ real: Double) {
        precondition(real >= 0 && real.isFinite, "FixedPointMultiplier: multiplier \(real) must be finite and ≥ 0")
        guard real > 0 else { multiplier = 0; shift = 0; return }
        let frexpResult = frexp(real)          // real = q · 2^e, q ∈ [0.5, 1)
        var q = Int64((frexpResult.0 * Double(Int64(1) << 31)).rounded())
        var e = Int32(frexpResult.1)
        if q == Int64(1) << 31 { q /= 2; e += 1 }
        if e < -31 { q = 0; e = 0 }
        precondition(e <= 30, "FixedPointMultiplier: multiplier \(real) is too large (≥ 2^30)")
        multiplier = Int32(q); shift = e
    }

    /// The real value M0 · 2^(shift − 31).
    public var realValue: Double { Double(multiplier) * pow(2, Double(shift) - 31) }

    /// round(x · M) in integers, exactly as TFLite's `MultiplyByQuantizedMultiplier`.
    @inline(__always)
    public func apply(_ x: Int32) -> Int32 {
        let left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift
        let shifted = Int64(x) << Int64(left)
        let clampedShifted = Int32(clamping: shifted)
        return FixedPointMultiplier.roundingDivideByPOT(
            FixedPointMultiplier.saturatingRoundingDoublingHighMul(clampedShifted, multiplier), right)
    }

    /// gemmlowp `SaturatingRoundingDoublingHighMul`: round(a·b / 2^31), saturating the one
    /// overflow case a = b = −2^31.
    @inline(__always)
    public static func saturatingRoundingDoublingHighMul(_ a: Int32, _ b: Int32) -> Int32 {
        if a == b && a == Int32.min { return Int32.max }
        let ab = Int64(a) * Int64(b)
        let nudge: Int64 = ab >= 0 ? 1 << 30 : 1 - (1 << 30)
        return Int32(truncatingIfNeeded: (ab + nudge) / (1 << 31))   // Swift `/` truncates toward zero, as C++
    }

    /// gemmlowp `RoundingDivideByPOT`: x / 2^exponent rounded to nearest, ties away from zero.
    @inline(__always)
    public static func roundingDivideByPOT(_ x: Int32, _ exponent: Int32) -> Int32 {
        let mask = (Int32(1) << exponent) &- 1
        let remainder = x & mask
        let threshold = (mask >> 1) + (x < 0 ? 1 : 0)
        return (x >> exponent) + (remainder > threshold ? 1 : 0)
    }
}
