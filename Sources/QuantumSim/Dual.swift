import Foundation

/// A forward-mode dual number `v + d·ε`, for exact derivatives of gate matrices.
struct Dual {
    var v: Double, d: Double
    init(_ v: Double, _ d: Double) { self.v = v; self.d = d }
    static let zero = Dual(0, 0)
    static func + (a: Dual, b: Dual) -> Dual { Dual(a.v + b.v, a.d + b.d) }
    static func - (a: Dual, b: Dual) -> Dual { Dual(a.v - b.v, a.d - b.d) }
    static prefix func - (a: Dual) -> Dual { Dual(-a.v, -a.d) }
    static func * (a: Dual, b: Dual) -> Dual { Dual(a.v * b.v, a.v * b.d + a.d * b.v) }
    static func * (a: Dual, b: Double) -> Dual { Dual(a.v * b, a.d * b) }
    var cos: Dual { Dual(Foundation.cos(v), -Foundation.sin(v) * d) }
    var sin: Dual { Dual(Foundation.sin(v), Foundation.cos(v) * d) }
}

/// A complex dual number.
struct DC {
    var re: Dual, im: Dual
    init(_ re: Dual, _ im: Dual) { self.re = re; self.im = im }
    static func expi(_ a: Dual) -> DC { DC(a.cos, a.sin) }
    static func + (a: DC, b: DC) -> DC { DC(a.re + b.re, a.im + b.im) }
    static prefix func - (a: DC) -> DC { DC(-a.re, -a.im) }
    static func * (a: DC, b: DC) -> DC { DC(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re) }
    static func matmul(_ a: [DC], _ b: [DC], _ n: Int) -> [DC] {
        var out = [DC](repeating: DC(.zero, .zero), count: n * n)
        for r in 0..<n { for c in 0..<n {
            var s = DC(.zero, .zero)
            for k in 0..<n { s = s + a[r * n + k] * b[k * n + c] }
            out[r * n + c] = s
        } }
        return out
    }
}
