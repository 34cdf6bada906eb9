/// An asymmetric uniform grid of 2^bits levels: value(q) = d·q + m for codes q in 0…maxq,
/// fitted by min–max over values with 0 kept inside the range (GPTQ's quantiser), so m is
/// −d·zero for an integer zero point. `half` rounds d and m to Float16 as GGUF's Q4_1 blocks
/// store them, so the grid is exactly what a file can hold.
public struct UniformGrid: Sendable, Equatable {
    public let step: Float
    public let offset: Float
    public let maxCode: Int

    public init(step: Float, offset: Float, maxCode: Int) {
        self.step = step
        self.offset = offset
        self.maxCode = maxCode
    }

    /// The grid for `values`: lo = min(min x, 0), hi = max(max x, 0) (±1 when both are 0),
    /// d = (hi − lo)/maxq, zero = round(−lo/d), m = −d·zero.
    public init<C: Collection<Float>>(fitting values: C, bits: Int, half: Bool = false) {
        precondition((1...8).contains(bits), "UniformGrid: \(bits) bits is not in 1…8")
        var lo = min(values.min() ?? 0, 0)
        var hi = max(values.max() ?? 0, 0)
        if lo == 0 && hi == 0 {
            (lo, hi) = (-1, 1)
        }
        let maxCode = (1 << bits) - 1
        var step = (hi - lo) / Float(maxCode)
        if half { step = Float(Float16(step)) }
        let zero = (-lo / step).rounded(.toNearestOrEven)
        var offset = -step * zero
        if half { offset = Float(Float16(offset)) }
        self.init(step: step, offset: offset, maxCode: maxCode)
    }

    /// The code of x: clamp(round((x − m)/d), 0, maxq), ties to even.
    @inline(__always)
    public func code(_ x: Float) -> Int {
        let q = ((x - offset) / step).rounded(.toNearestOrEven)
        return Int(min(max(q, 0), Float(maxCode)))
    }

    /// d·q + m.
    @inline(__always)
    public func value(_ code: Int) -> Float { step * Float(code) + offset }

    /// x rounded to the nearest grid value.
    @inline(__always)
    public func round(_ x: Float) -> Float { value(code(x)) }
}
