/// A dense circuit's SU(2ᵏ) gate bound to its weights: V = exp(i Σ_k ω_k P_k) over the 4ᵏ − 1
/// Pauli strings, unitary for real ω (`specialUnitary`), or with complex ω_k = a_k + i·b_k
/// (`complexSpecialUnitary`, weights [a, b]) V = exp(i·A − B), invertible but not unitary
/// once b ≠ 0. Holds V, V⁻¹ (to uncompute states) and V† (to move cotangents back), and turns
/// a gate cotangent into weight gradients. O(8ᵏ) to build.
public struct PauliExponential: Sendable {
    /// V.
    public let matrix: ComplexMatrix
    /// V⁻¹ (V† when unitary).
    public let inverse: ComplexMatrix
    /// V†.
    public let adjoint: ComplexMatrix
    private let hermitian: HermitianExponential?
    private let general: GeneralExponential?

    /// ω = `weights` (count 4ᵏ − 1), or a then b (count 2·(4ᵏ − 1)) when `complex`. Non-finite
    /// weights (a diverged run) or a complex generator LAPACK cannot diagonalise give NaN
    /// matrices and gradients, which the trainer reports as divergence, instead of a failure here.
    public init(_ basis: PauliBasis, weights: ArraySlice<Double>, complex: Bool) {
        let d = 1 << basis.qubits
        guard weights.allSatisfy(\.isFinite) else {
            self.init(undefined: d)
            return
        }
        let a = Array(weights.prefix(basis.count))
        let hA = a.withUnsafeBufferPointer { basis.hermitian($0) }
        guard complex else {
            // a Hermitian matrix of finite entries: LAPACK does not fail
            let e = try! HermitianExponential(hA, c: 1)
            self.init(matrix: e.matrix, inverse: e.matrix.adjoint, hermitian: e, general: nil)
            return
        }
        let b = Array(weights.suffix(basis.count))
        let hB = b.withUnsafeBufferPointer { basis.hermitian($0) }
        // X = i·A − B
        var x = ComplexMatrix(zeros: d)
        for e in 0..<(d * d) {
            x.storage[2 * e] = -hA.storage[2 * e + 1] - hB.storage[2 * e]
            x.storage[2 * e + 1] = hA.storage[2 * e] - hB.storage[2 * e + 1]
        }
        guard let g = try? GeneralExponential(x) else {
            self.init(undefined: d)
            return
        }
        self.init(matrix: g.matrix, inverse: g.inverse, hermitian: nil, general: g)
    }

    private init(matrix: ComplexMatrix, inverse: ComplexMatrix, hermitian: HermitianExponential?, general: GeneralExponential?) {
        (self.matrix, self.inverse, self.adjoint) = (matrix, inverse, matrix.adjoint)
        (self.hermitian, self.general) = (hermitian, general)
    }

    /// NaN matrices of size d (their gradients are NaN too).
    private init(undefined d: Int) {
        var m = ComplexMatrix(zeros: d)
        m.storage = [Double](repeating: .nan, count: 2 * d * d)
        self.init(matrix: m, inverse: m, hermitian: nil, general: nil)
    }

    /// Adds ∂L/∂ω (or ∂L/∂a then ∂L/∂b) into `out`, given Ḡ = ∂L/∂V (δL = Re tr(Ḡ†·δV)).
    public func weightGradient(_ gBar: ComplexMatrix, basis: PauliBasis, into out: UnsafeMutableBufferPointer<Double>) {
        if let hermitian {
            basis.coefficientGradient(hermitian.pullback(gBar), into: out)
            return
        }
        guard let general else {
            for i in out.indices { out[i] = .nan }
            return
        }
        let xBar = general.pullback(gBar)
        // δX = i·δA − δB: ∂L/∂A = −i·X̄, ∂L/∂B = −X̄ (same convention)
        var gA = ComplexMatrix(zeros: xBar.n), gB = ComplexMatrix(zeros: xBar.n)
        for e in 0..<(xBar.n * xBar.n) {
            let (re, im) = (xBar.storage[2 * e], xBar.storage[2 * e + 1])
            (gA.storage[2 * e], gA.storage[2 * e + 1]) = (im, -re)
            (gB.storage[2 * e], gB.storage[2 * e + 1]) = (-re, -im)
        }
        let count = basis.count
        basis.coefficientGradient(gA, into: UnsafeMutableBufferPointer(rebasing: out[0..<count]))
        basis.coefficientGradient(gB, into: UnsafeMutableBufferPointer(rebasing: out[count..<(2 * count)]))
    }
}
