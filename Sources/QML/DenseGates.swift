import Foundation

/// Matrices (interleaved complex, row-major, first wire most significant) of the fixed-form
/// gates and their derivatives with respect to each angle.
enum DenseGates {
    typealias Matrix = [Double]

    static let pauliX: Matrix = [0, 0, 1, 0, 1, 0, 0, 0]
    static let pauliY: Matrix = [0, 0, 0, -1, 0, 1, 0, 0]
    static let pauliZ: Matrix = [1, 0, 0, 0, 0, 0, -1, 0]
    static let identity2: Matrix = [1, 0, 0, 0, 0, 0, 1, 0]

    /// A ⊗ B for m×m and p×p matrices.
    static func kron(_ a: Matrix, _ m: Int, _ b: Matrix, _ p: Int) -> Matrix {
        let n = m * p
        var r = Matrix(repeating: 0, count: 2 * n * n)
        for i in 0..<m { for j in 0..<m { for k in 0..<p { for l in 0..<p {
            let (ar, ai) = (a[2 * (i * m + j)], a[2 * (i * m + j) + 1])
            let (br, bi) = (b[2 * (k * p + l)], b[2 * (k * p + l) + 1])
            let idx = 2 * ((i * p + k) * n + (j * p + l))
            r[idx] = ar * br - ai * bi; r[idx + 1] = ar * bi + ai * br
        } } } }
        return r
    }

    /// exp(−iθ/2·P) = cos(θ/2)·I − i·sin(θ/2)·P and its θ-derivative, for P² = I of size m.
    static func rotation(_ p: Matrix, _ m: Int, _ theta: Double) -> (Matrix, Matrix) {
        let (c, s) = (Foundation.cos(theta / 2), Foundation.sin(theta / 2))
        var u = Matrix(repeating: 0, count: 2 * m * m), d = u
        for i in 0..<(m * m) {
            let diag: Double = i % (m + 1) == 0 ? 1 : 0
            // −i·s·P = s·(P_im, −P_re)
            u[2 * i] = c * diag + s * p[2 * i + 1]; u[2 * i + 1] = -s * p[2 * i]
            d[2 * i] = -s / 2 * diag + c / 2 * p[2 * i + 1]; d[2 * i + 1] = -c / 2 * p[2 * i]
        }
        return (u, d)
    }

    /// U3(θ, φ, λ) and its three derivatives.
    static func u3(_ t: Double, _ f: Double, _ l: Double) -> (Matrix, [Matrix]) {
        let (c, s) = (Foundation.cos(t / 2), Foundation.sin(t / 2))
        func e(_ a: Double) -> (Double, Double) { (Foundation.cos(a), Foundation.sin(a)) }
        let (el, ef, efl) = (e(l), e(f), e(f + l))
        let u: Matrix = [c, 0, -el.0 * s, -el.1 * s, ef.0 * s, ef.1 * s, efl.0 * c, efl.1 * c]
        let dt: Matrix = [-s / 2, 0, -el.0 * c / 2, -el.1 * c / 2, ef.0 * c / 2, ef.1 * c / 2, -efl.0 * s / 2, -efl.1 * s / 2]
        // d/dφ multiplies the bottom row by i; d/dλ the right column by i.
        let df: Matrix = [0, 0, 0, 0, -ef.1 * s, ef.0 * s, -efl.1 * c, efl.0 * c]
        let dl: Matrix = [0, 0, el.1 * s, -el.0 * s, 0, 0, -efl.1 * c, efl.0 * c]
        return (u, [dt, df, dl])
    }

    /// block-diag(I, M) for a 2×2 M (control first), and the same for a derivative (block-diag(0, dM)).
    static func controlled(_ m: Matrix, derivative: Bool) -> Matrix {
        var r = Matrix(repeating: 0, count: 32)
        if !derivative { r[0] = 1; r[2 * 5] = 1 }
        for i in 0..<2 { for j in 0..<2 {
            r[2 * ((i + 2) * 4 + j + 2)] = m[2 * (i * 2 + j)]
            r[2 * ((i + 2) * 4 + j + 2) + 1] = m[2 * (i * 2 + j) + 1]
        } }
        return r
    }

    /// The gate's matrix and ∂matrix/∂angle for each angle.
    static func matrix(_ gate: DenseCircuit.Gate, _ a: [Double]) -> (Matrix, [Matrix]) {
        switch gate {
        case .rx: let (u, d) = rotation(pauliX, 2, a[0]); return (u, [d])
        case .ry: let (u, d) = rotation(pauliY, 2, a[0]); return (u, [d])
        case .rz: let (u, d) = rotation(pauliZ, 2, a[0]); return (u, [d])
        case .u3: return u3(a[0], a[1], a[2])
        case .isingXX: let (u, d) = rotation(kron(pauliX, 2, pauliX, 2), 4, a[0]); return (u, [d])
        case .isingYY: let (u, d) = rotation(kron(pauliY, 2, pauliY, 2), 4, a[0]); return (u, [d])
        case .isingZZ: let (u, d) = rotation(kron(pauliZ, 2, pauliZ, 2), 4, a[0]); return (u, [d])
        case .x: return (pauliX, [])
        case .h:
            let r = 1 / 2.0.squareRoot()
            return ([r, 0, r, 0, r, 0, -r, 0], [])
        case .cnot: return (controlled(pauliX, derivative: false), [])
        case .cz: return (controlled(pauliZ, derivative: false), [])
        case .crx, .cry, .crz:
            let p = gate == .crx ? pauliX : gate == .cry ? pauliY : pauliZ
            let (u, d) = rotation(p, 2, a[0])
            return (controlled(u, derivative: false), [controlled(d, derivative: true)])
        case .cu3:
            let (u, ds) = u3(a[0], a[1], a[2])
            return (controlled(u, derivative: false), ds.map { controlled($0, derivative: true) })
        }
    }
}
