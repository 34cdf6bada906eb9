/// A seeded, splittable pseudo-random generator (xoshiro256**, seeded through SplitMix64).
///
/// Same seed → same stream, on every run and machine. `split()` derives an independent
/// child stream (for a data loader, a layer's initialiser, a worker thread) without
/// disturbing reproducibility of the parent. The state is `Codable`, so training can be
/// checkpointed and resumed bit-identically.
public struct RandomGenerator: RandomNumberGenerator, Codable, Sendable, Equatable {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose whole stream is determined by `seed`.
    public init(seed: UInt64) {
        var sm = seed
        s = (Self.splitMix(&sm), Self.splitMix(&sm), Self.splitMix(&sm), Self.splitMix(&sm))
    }

    static func splitMix(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = Self.rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0; s.3 ^= s.1; s.1 ^= s.2; s.0 ^= s.3
        s.2 ^= t
        s.3 = Self.rotl(s.3, 45)
        return result
    }

    /// A child generator with an independent stream; advances `self` by one draw.
    public mutating func split() -> RandomGenerator {
        RandomGenerator(seed: next() ^ 0xD1B5_4A32_D192_ED03)
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Standard normal draw (Box–Muller).
    public mutating func nextNormal() -> Double {
        var u = nextUnit()
        while u <= 0 { u = nextUnit() }
        let v = nextUnit()
        return (-2 * Double.log(u)).squareRoot() * Double.cos(2 * Double.pi * v)
    }

    /// A uniformly random permutation of 0..<n (Fisher–Yates).
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        if n > 1 {
            for i in stride(from: n - 1, to: 0, by: -1) {
                let j = Int(next(upperBound: UInt64(i + 1)))
                p.swapAt(i, j)
            }
        }
        return p
    }

    public static func == (a: RandomGenerator, b: RandomGenerator) -> Bool {
        a.s.0 == b.s.0 && a.s.1 == b.s.1 && a.s.2 == b.s.2 && a.s.3 == b.s.3
    }

    private enum CodingKeys: String, CodingKey { case state }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let v = try c.decode([UInt64].self, forKey: .state)
        guard v.count == 4 else {
            throw DecodingError.dataCorruptedError(forKey: .state, in: c, debugDescription: "expected 4 state words, got \(v.count)")
        }
        s = (v[0], v[1], v[2], v[3])
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode([s.0, s.1, s.2, s.3], forKey: .state)
    }
}

extension Tensor {
    /// Uniform samples in [low, high).
    public static func uniform(_ shape: [Int], low: Scalar = 0, high: Scalar = 1, rng: inout RandomGenerator) -> Tensor {
        let n = count(of: shape)
        var values = [Scalar](); values.reserveCapacity(n)
        for _ in 0..<n { values.append(low + (high - low) * Scalar(rng.nextUnit())) }
        return Tensor(shape: shape, scalars: values)
    }

    /// Normal samples with the given mean and standard deviation.
    public static func normal(_ shape: [Int], mean: Scalar = 0, std: Scalar = 1, rng: inout RandomGenerator) -> Tensor {
        let n = count(of: shape)
        var values = [Scalar](); values.reserveCapacity(n)
        for _ in 0..<n { values.append(mean + std * Scalar(rng.nextNormal())) }
        return Tensor(shape: shape, scalars: values)
    }
}
