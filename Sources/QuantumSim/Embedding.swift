/// Lifting an operation's matrix into the space of a larger qubit list, and small matrix algebra.
enum Embedding {
    /// The `2ᵏ×2ᵏ` matrix (k = `space.count`, `space[0]` most significant) of an operation with
    /// target matrix `m` on `targets` and `controls` (all in `space`). Columns whose controls
    /// are not all 1 get the identity, or zero when `zeroOutsideControls` (for derivatives).
    static func lift(_ m: [Complex], targets: [Int], controls: [Int], into space: [Int],
                     zeroOutsideControls: Bool = false) -> [Complex] {
        let k = space.count, d = 1 << k, t = targets.count
        func bit(_ q: Int) -> Int { k - 1 - space.firstIndex(of: q)! }
        let tb = targets.map(bit), cb = controls.map(bit)
        let cmask = cb.reduce(0) { $0 | (1 << $1) }
        let tmask = tb.reduce(0) { $0 | (1 << $1) }
        var out = [Complex](repeating: .zero, count: d * d)
        for c in 0..<d {
            if c & cmask != cmask {
                if !zeroOutsideControls { out[c * d + c] = .one }
                continue
            }
            var tcol = 0
            for j in 0..<t where (c >> tb[j]) & 1 == 1 { tcol |= 1 << (t - 1 - j) }
            for trow in 0..<(1 << t) {
                var r = c & ~tmask
                for j in 0..<t where (trow >> (t - 1 - j)) & 1 == 1 { r |= 1 << tb[j] }
                out[r * d + c] = m[trow * (1 << t) + tcol]
            }
        }
        return out
    }

    /// a·b for row-major `d×d` matrices. O(d³).
    static func multiply(_ a: [Complex], _ b: [Complex], _ d: Int) -> [Complex] {
        var out = [Complex](repeating: .zero, count: d * d)
        for r in 0..<d {
            for k in 0..<d {
                let x = a[r * d + k]
                if x == .zero { continue }
                for c in 0..<d { out[r * d + c] += x * b[k * d + c] }
            }
        }
        return out
    }

    /// a ⊗ b for row-major square matrices of sides `da`, `db` (a's index most significant). O(da²·db²).
    static func kronecker(_ a: [Complex], _ da: Int, _ b: [Complex], _ db: Int) -> [Complex] {
        let d = da * db
        return (0..<(d * d)).map { k in
            let (r, c) = (k / d, k % d)
            return a[(r / db) * da + c / db] * b[(r % db) * db + c % db]
        }
    }

    static func identity(_ d: Int) -> [Complex] {
        var m = [Complex](repeating: .zero, count: d * d)
        for i in 0..<d { m[i * d + i] = .one }
        return m
    }
}
