import Tensor

/// Hadamard matrices (entries ±1, H Hᵀ = n I) and the random rotations QuaRot and RSQ fold
/// into a model: (1/√n) H · diag(s), s random signs.
public enum Hadamard {
    /// A Hadamard matrix of order n, row-major, or nil when none is built here. Built for
    /// n = 2ᵏ·m by Sylvester's doubling of a core of order m = 1, m = q + 1 (Paley I, q a prime
    /// ≡ 3 mod 4) or m = 2(q + 1) (Paley II, q a prime ≡ 1 mod 4) — every multiple of 4 up to
    /// 1,000 but 52, 92, 100, 116, 156, 172, 184, … (64 of 250). O(n²).
    public static func matrix(order n: Int) -> [Float]? {
        guard n >= 1 else { return nil }
        var power = 1
        var best: (core: [Float], m: Int)?
        while n % power == 0 {
            if let core = core(order: n / power) { best = (core, n / power) }
            power *= 2
        }
        guard var (h, m) = best else { return nil }
        while m < n {
            h = sylvester(h, m)
            m *= 2
        }
        return h
    }

    /// A random orthogonal n × n matrix, row-major: (1/√n) H · diag(s) with random signs s when
    /// a Hadamard matrix of order n is built here, else the Gram–Schmidt orthonormalisation of
    /// a Gaussian matrix. O(n²), or O(n³) without a Hadamard matrix.
    public static func randomRotation(size n: Int, rng: inout RandomGenerator) -> [Float] {
        guard let h = matrix(order: n) else { return gaussianOrthogonal(size: n, rng: &rng) }
        let signs = (0..<n).map { _ in rng.next() & 1 == 0 ? Float(1) : -1 }
        let scale = 1 / Float(n).squareRoot()
        var out = h
        for i in 0..<n {
            for j in 0..<n { out[i * n + j] *= signs[j] * scale }
        }
        return out
    }

    /// The core of order m: 1, Paley I or Paley II, or nil.
    static func core(order m: Int) -> [Float]? {
        if m == 1 { return [1] }
        if isPrime(m - 1) && (m - 1) % 4 == 3 { return paleyI(q: m - 1) }
        if m % 2 == 0 && isPrime(m / 2 - 1) && (m / 2 - 1) % 4 == 1 { return paleyII(q: m / 2 - 1) }
        return nil
    }

    /// [[H, H], [H, −H]] of order 2m.
    static func sylvester(_ h: [Float], _ m: Int) -> [Float] {
        var out = [Float](repeating: 0, count: 4 * m * m)
        for i in 0..<m {
            for j in 0..<m {
                let v = h[i * m + j]
                out[i * 2 * m + j] = v
                out[i * 2 * m + j + m] = v
                out[(i + m) * 2 * m + j] = v
                out[(i + m) * 2 * m + j + m] = -v
            }
        }
        return out
    }

    /// χ(a): 0 for a ≡ 0, 1 for a quadratic residue mod q, −1 otherwise.
    static func legendre(_ a: Int, _ q: Int) -> Float {
        let r = ((a % q) + q) % q
        if r == 0 { return 0 }
        return (1..<q).contains { $0 * $0 % q == r } ? 1 : -1
    }

    /// The conference-like core [[0, 1ᵀ], [±1, Q]] of order q + 1, Q[i][j] = χ(j − i).
    static func conference(q: Int, firstColumn: Float) -> [Float] {
        let m = q + 1
        let residues = (0..<q).map { legendre($0, q) }
        var c = [Float](repeating: 0, count: m * m)
        for j in 1..<m {
            c[j] = 1
            c[j * m] = firstColumn
        }
        for i in 1..<m {
            for j in 1..<m { c[i * m + j] = residues[(j - i + q) % q] }
        }
        return c
    }

    /// Paley I: I + S, S the skew conference matrix of order q + 1 (q ≡ 3 mod 4).
    static func paleyI(q: Int) -> [Float] {
        var h = conference(q: q, firstColumn: -1)
        for i in 0...q { h[i * (q + 1) + i] = 1 }
        return h
    }

    /// Paley II: C ⊗ [[1, 1], [1, −1]] + I ⊗ [[1, −1], [−1, −1]], C the symmetric conference
    /// matrix of order q + 1 (q ≡ 1 mod 4); order 2(q + 1).
    static func paleyII(q: Int) -> [Float] {
        let m = q + 1
        let c = conference(q: q, firstColumn: 1)
        var h = [Float](repeating: 0, count: 4 * m * m)
        for i in 0..<m {
            for j in 0..<m {
                let v = c[i * m + j]
                let block: [Float] = v == 0 ? [1, -1, -1, -1] : [v, v, v, -v]
                for (k, x) in block.enumerated() { h[(2 * i + k / 2) * 2 * m + 2 * j + k % 2] = x }
            }
        }
        return h
    }

    static func isPrime(_ p: Int) -> Bool {
        guard p >= 2 else { return false }
        var d = 2
        while d * d <= p {
            if p % d == 0 { return false }
            d += 1
        }
        return true
    }

    /// Orthonormal rows from a Gaussian matrix (modified Gram–Schmidt in Double).
    static func gaussianOrthogonal(size n: Int, rng: inout RandomGenerator) -> [Float] {
        var rows = (0..<n).map { _ in (0..<n).map { _ in rng.nextNormal() } }
        for i in 0..<n {
            for k in 0..<i {
                let dot = zip(rows[i], rows[k]).reduce(0) { $0 + $1.0 * $1.1 }
                for j in 0..<n { rows[i][j] -= dot * rows[k][j] }
            }
            let norm = rows[i].reduce(0) { $0 + $1 * $1 }.squareRoot()
            rows[i] = rows[i].map { $0 / norm }
        }
        return rows.flatMap { $0.map(Float.init) }
    }
}
