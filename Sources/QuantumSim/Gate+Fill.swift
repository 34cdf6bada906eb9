import Foundation

extension Gate {
    /// Writes the target matrix (or, with `derivative`, ∂U/∂p_derivative) at `p` into `out`
    /// without allocating, for the common parametric gates; falls back to `matrix`/`derivative`.
    func fill(_ p: UnsafePointer<Double>, derivative: Int? = nil, adjoint: Bool, into out: UnsafeMutablePointer<Complex>) {
        let d = 1 << qubitCount
        switch (self, derivative) {
        case (.rx, nil), (.rx, 0):
            let c = cos(p[0] / 2), s = sin(p[0] / 2)
            if derivative == nil {
                out[0] = Complex(c, 0); out[1] = Complex(0, -s); out[2] = Complex(0, -s); out[3] = Complex(c, 0)
            } else {
                out[0] = Complex(-s / 2, 0); out[1] = Complex(0, -c / 2); out[2] = Complex(0, -c / 2); out[3] = Complex(-s / 2, 0)
            }
        case (.ry, nil), (.ry, 0):
            let c = cos(p[0] / 2), s = sin(p[0] / 2)
            if derivative == nil {
                out[0] = Complex(c, 0); out[1] = Complex(-s, 0); out[2] = Complex(s, 0); out[3] = Complex(c, 0)
            } else {
                out[0] = Complex(-s / 2, 0); out[1] = Complex(-c / 2, 0); out[2] = Complex(c / 2, 0); out[3] = Complex(-s / 2, 0)
            }
        case (.rz, nil), (.rz, 0):
            let c = cos(p[0] / 2), s = sin(p[0] / 2)
            out[1] = .zero; out[2] = .zero
            if derivative == nil {
                out[0] = Complex(c, -s); out[3] = Complex(c, s)
            } else {
                // d/dθ e^{∓iθ/2} = ∓(i/2) e^{∓iθ/2}
                out[0] = Complex(-s / 2, -c / 2); out[3] = Complex(-s / 2, c / 2)
            }
        case (.p, nil), (.p, 0), (.u1, nil), (.u1, 0):
            let c = cos(p[0]), s = sin(p[0])
            out[1] = .zero; out[2] = .zero
            if derivative == nil { out[0] = .one; out[3] = Complex(c, s) } else { out[0] = .zero; out[3] = Complex(-s, c) }
        default:
            let values = Array(UnsafeBufferPointer(start: p, count: parameterCount))
            let m = derivative.map { self.derivative(values, index: $0) } ?? matrix(values)
            for i in 0..<(d * d) { out[i] = m[i] }
        }
        if adjoint {
            for r in 0..<d {
                out[r * d + r] = out[r * d + r].conjugate
                for c in (r + 1)..<max(d, r + 1) {
                    let a = out[r * d + c], b = out[c * d + r]
                    out[r * d + c] = b.conjugate; out[c * d + r] = a.conjugate
                }
            }
        }
    }
}

/// Small dense complex matrix algebra on raw pointers (row-major `d×d`).
enum SmallMatrix {
    /// out = a·b (out must not alias a or b).
    @inline(__always)
    static func multiply(_ a: UnsafePointer<Complex>, _ b: UnsafePointer<Complex>, into out: UnsafeMutablePointer<Complex>, _ d: Int) {
        if d == 2 {
            out[0] = a[0] * b[0] + a[1] * b[2]; out[1] = a[0] * b[1] + a[1] * b[3]
            out[2] = a[2] * b[0] + a[3] * b[2]; out[3] = a[2] * b[1] + a[3] * b[3]
            return
        }
        for r in 0..<d {
            for c in 0..<d {
                var s = Complex.zero
                for k in 0..<d { s += a[r * d + k] * b[k * d + c] }
                out[r * d + c] = s
            }
        }
    }

    static func setIdentity(_ out: UnsafeMutablePointer<Complex>, _ d: Int) {
        out.initialize(repeating: .zero, count: d * d)
        for i in 0..<d { out[i * d + i] = .one }
    }

    /// out = aᴴ.
    static func dagger(_ a: UnsafePointer<Complex>, into out: UnsafeMutablePointer<Complex>, _ d: Int) {
        for r in 0..<d { for c in 0..<d { out[c * d + r] = a[r * d + c].conjugate } }
    }
}
