/// Bit-exact reproduction of `numpy.random.default_rng(seed)` (SeedSequence → PCG64) for
/// the draws the published workloads use (`uniform`, `integers` with a range below 2³²), so
/// workloads defined in NumPy terms run on exactly the same numbers.
public struct NumPyRandom: Sendable {
    private var stateHi: UInt64, stateLo: UInt64
    private let incHi: UInt64, incLo: UInt64
    private var pendingUInt32: UInt32? = nil

    /// `numpy.random.default_rng(seed)` for a non-negative seed below 2³².
    public init(seed: UInt32) {
        // SeedSequence(seed).generate_state(4, uint64)
        let multA: UInt32 = 0x931e_8875, multB: UInt32 = 0x58f3_8ded
        var hashConst: UInt32 = 0x43b0_d7e5
        func hashmix(_ v: UInt32) -> UInt32 {
            var value = v ^ hashConst
            hashConst = hashConst &* multA
            value = value &* hashConst
            return value ^ (value >> 16)
        }
        func mix(_ x: UInt32, _ y: UInt32) -> UInt32 {
            let r = 0xca01_f9dd &* x &- 0x4973_f715 &* y
            return r ^ (r >> 16)
        }
        let entropy: [UInt32] = [seed]
        var pool = [UInt32](repeating: 0, count: 4)
        for i in 0..<4 { pool[i] = hashmix(i < entropy.count ? entropy[i] : 0) }
        for src in 0..<4 { for dst in 0..<4 where src != dst { pool[dst] = mix(pool[dst], hashmix(pool[src])) } }
        var words = [UInt32](repeating: 0, count: 8)
        var hc: UInt32 = 0x8b51_f9dd
        for i in 0..<8 {
            var v = pool[i % 4] ^ hc
            hc = hc &* multB
            v = v &* hc
            words[i] = v ^ (v >> 16)
        }
        let s = (0..<4).map { UInt64(words[2 * $0]) | (UInt64(words[2 * $0 + 1]) << 32) }
        // pcg64_set_seed: state = s[0]:s[1], inc = (s[2]:s[3]) << 1 | 1
        let seqHi = s[2], seqLo = s[3]
        incHi = (seqHi << 1) | (seqLo >> 63)
        incLo = (seqLo << 1) | 1
        stateHi = 0; stateLo = 0
        step()
        let (lo, c) = stateLo.addingReportingOverflow(s[1])
        stateLo = lo
        stateHi = stateHi &+ s[0] &+ (c ? 1 : 0)
        step()
    }

    private mutating func step() {
        // state = state · 0x2360ED051FC65DA44385DF649FCCF645 + inc (mod 2¹²⁸)
        let mHi: UInt64 = 0x2360_ED05_1FC6_5DA4, mLo: UInt64 = 0x4385_DF64_9FCC_F645
        let (h, l) = stateLo.multipliedFullWidth(by: mLo)
        var hi = h &+ stateHi &* mLo &+ stateLo &* mHi
        let (lo, c) = l.addingReportingOverflow(incLo)
        hi = hi &+ incHi &+ (c ? 1 : 0)
        stateHi = hi; stateLo = lo
    }

    /// The next 64 random bits (PCG64 XSL-RR).
    public mutating func nextUInt64() -> UInt64 {
        step()
        let v = stateHi ^ stateLo
        let rot = stateHi >> 58
        return (v >> rot) | (v << ((64 &- rot) & 63))
    }

    /// Next 32 bits (NumPy buffers the high half of a 64-bit draw).
    public mutating func nextUInt32() -> UInt32 {
        if let p = pendingUInt32 { pendingUInt32 = nil; return p }
        let v = nextUInt64()
        pendingUInt32 = UInt32(truncatingIfNeeded: v >> 32)
        return UInt32(truncatingIfNeeded: v)
    }

    /// `rng.uniform(low, high, size=count)`.
    public mutating func uniform(_ low: Double, _ high: Double, count: Int) -> [Double] {
        (0..<count).map { _ in low + (high - low) * (Double(nextUInt64() >> 11) * 0x1.0p-53) }
    }

    /// `rng.integers(low, high, size=count)` (int64, `high − low ≤ 2³²`), Lemire's method as NumPy.
    public mutating func integers(_ low: Int, _ high: Int, count: Int) -> [Int] {
        let rng = UInt32(high - low - 1)
        if rng == 0 { return [Int](repeating: low, count: count) }
        let excl = UInt64(rng) + 1
        return (0..<count).map { _ in
            var m = UInt64(nextUInt32()) * excl
            var left = UInt32(truncatingIfNeeded: m)
            if left < UInt32(truncatingIfNeeded: excl) {
                let threshold = UInt32((UInt64(UInt32.max) - UInt64(rng)) % excl)
                while left < threshold { m = UInt64(nextUInt32()) * excl; left = UInt32(truncatingIfNeeded: m) }
            }
            return low + Int(m >> 32)
        }
    }
}
