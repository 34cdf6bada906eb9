import Foundation

extension Gate {
    /// The matrix and, when `derivatives`, ∂U/∂p_i for every parameter — the same values as
    /// `matrix(_:)` and `derivative(_:index:)`, from closed forms for the rotation family (rx,
    /// ry, rz, p, u1, u, u3, rxx, ryy, rzz), which the dense engine binds per sample, and from
    /// dual numbers for the other kinds. O(4ᵏ) per output.
    public func matrixAndDerivatives(_ p: [Double], derivatives: Bool) -> (matrix: [Complex], derivatives: [[Complex]]) {
        if let closed = closedForm(p, derivatives: derivatives) { return closed }
        let m = matrix(p)
        return (m, derivatives ? (0..<parameterCount).map { derivative(p, index: $0) } : [])
    }

    /// Closed forms; nil for kinds without one.
    func closedForm(_ p: [Double], derivatives: Bool) -> (matrix: [Complex], derivatives: [[Complex]])? {
        let o = Complex.zero
        switch self {
        case .rx, .ry, .rz, .rxx, .ryy, .rzz:
            return rotation(p[0], derivatives: derivatives)
        case .p, .u1:
            let e = Complex.expi(p[0])
            return ([.one, o, o, e], derivatives ? [[o, o, o, Complex(-e.im, e.re)]] : [])
        case .u, .u3:
            return Self.u3(p[0], p[1], p[2], derivatives: derivatives)
        default:
            return nil
        }
    }

    /// exp(−iθ/2·G) for the rotations' generators G (X, Y, Z, X⊗X, Y⊗Y, Z⊗Z), with
    /// ∂/∂θ = −½·sin(θ/2)·(…) as the derivative of cos and sin.
    func rotation(_ theta: Double, derivatives: Bool) -> (matrix: [Complex], derivatives: [[Complex]]) {
        let (c, s) = (cos(theta / 2), sin(theta / 2))
        let m = rotationMatrix(cos: c, sin: s)
        // d/dθ of (cos, sin) is (−sin/2, cos/2)
        return (m, derivatives ? [rotationMatrix(cos: -s / 2, sin: c / 2)] : [])
    }

    /// cos·I − i·sin·G laid out for each rotation (with (cos, sin) = (−sin(θ/2)/2, cos(θ/2)/2)
    /// this is the derivative).
    func rotationMatrix(cos c: Double, sin s: Double) -> [Complex] {
        let o = Complex.zero
        let d = Complex(c, 0)
        let minusIS = Complex(0, -s)
        let plusIS = Complex(0, s)
        switch self {
        case .rx: return [d, minusIS, minusIS, d]
        case .ry: return [d, Complex(-s, 0), Complex(s, 0), d]
        case .rz: return [Complex(c, -s), o, o, Complex(c, s)]
        case .rxx: return [d, o, o, minusIS, o, d, minusIS, o, o, minusIS, d, o, minusIS, o, o, d]
        case .ryy: return [d, o, o, plusIS, o, d, minusIS, o, o, minusIS, d, o, plusIS, o, o, d]
        default: return [Complex(c, -s), o, o, o, o, Complex(c, s), o, o, o, o, Complex(c, s), o, o, o, o, Complex(c, -s)]
        }
    }

    /// U(θ, φ, λ) = [[c, −e^{iλ}s], [e^{iφ}s, e^{i(φ+λ)}c]] and its derivatives in θ, φ, λ.
    static func u3(_ t: Double, _ f: Double, _ l: Double, derivatives: Bool) -> (matrix: [Complex], derivatives: [[Complex]]) {
        let (c, s) = (cos(t / 2), sin(t / 2))
        let (el, ef, efl) = (Complex.expi(l), Complex.expi(f), Complex.expi(f + l))
        let o = Complex.zero
        let m = [Complex(c, 0), -s * el, s * ef, c * efl]
        guard derivatives else { return (m, []) }
        let i = Complex(0, 1)
        let dt = [Complex(-s / 2, 0), (-c / 2) * el, (c / 2) * ef, (-s / 2) * efl]
        // φ multiplies the bottom row by i, λ the right column
        let df = [o, o, i * (s * ef), i * (c * efl)]
        let dl = [o, i * (-s * el), o, i * (c * efl)]
        return (m, [dt, df, dl])
    }
}
