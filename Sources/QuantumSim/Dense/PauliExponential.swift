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

    /// ω = `weights` (count 4ᵏ − 1), or a then b (count 2·(4ᵏ − 1)) when `complex`. Throws
    /// when LAPACK fails (non-finite weights).
    public init(_ basis: PauliBasis, weights: ArraySlice<Double>, complex: Bool) throws {
        let a = Array(weights.prefix(basis.count))
        let hA = a.withUnsafeBufferPointer { basis.hermitian($0) }
        guard complex else {
            let e = try HermitianExponential(hA, c: 1)
            (hermitian, general) = (e, nil)
            (matrix, adjoint) = (e.matrix, e.matrix.adjoint)
            inverse = adjoint
            return
        }
        let b = Array(weights.suffix(basis.count))
        let hB = b.withUnsafeBufferPointer { basis.hermitian($0) }
        // X = i·A − B
        var x = ComplexMatrix(zeros: hA.n)
        for e in 0..<(hA.n * hA.n) {
            x.storage[2 * e] = -hA.storage[2 * e + 1] - hB.storage[2 * e]
            x.storage[2 * e + 1] = hA.storage[2 * e] - hB.storage[2 * e + 1]
        }
        let g = try GeneralExponential(x)
        (hermitian, general) = (nil, g)
        (matrix, inverse, adjoint) = (g.matrix, g.inverse, g.matrix.adjoint)
    }

    /// Adds ∂L/∂ω (or ∂L/∂a then ∂L/∂b) into `out`, given Ḡ = ∂L/∂V (δL = Re tr(Ḡ†·δV)).
    public func weightGradient(_ gBar: ComplexMatrix, basis: PauliBasis, into out: UnsafeMutableBufferPointer<Double>) {
        if let hermitian {
            basis.coefficientGradient(hermitian.pullback(gBar), into: out)
            return
        }
        let xBar = general!.pullback(gBar)
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
