import Foundation
import Tensor

/// The lowest eigenvalue of a Pauli-sum Hamiltonian, the reference VQE and QAOA runs are
/// printed beside: all eigenvalues by LAPACK (`zheevd`) up to 10 qubits, Lanczos with full
/// reorthogonalisation beyond (≤ 14 qubits: vectors of 2ⁿ amplitudes, O(iterations · terms · 2ⁿ)).
public enum ExactDiagonalization {
    /// E₀ of `h` on `qubits` qubits (1...14). Throws beyond 14 qubits or when LAPACK fails.
    public static func groundEnergy(_ h: PauliSum, qubits n: Int, seed: UInt64 = 0) throws -> Double {
        guard (1...14).contains(n), h.maxQubit < n else {
            throw QuantumSimError.invalidArgument("exact diagonalisation takes 1...14 qubits holding the Hamiltonian's, got \(n)")
        }
        if n <= 10 { return try HermitianEigen(h.matrix(qubits: n)).values[0] }
        return try lanczos(h, qubits: n, seed: seed)
    }

    /// Lanczos from a seeded random vector: the lowest Ritz value of up to 300 steps, stopping once
    /// it moves less than 1e-12 between steps or the Krylov space is exhausted.
    static func lanczos(_ h: PauliSum, qubits n: Int, seed: UInt64) throws -> Double {
        var rng = RandomGenerator(seed: seed)
        var v = (0..<(1 << n)).map { _ in Complex(rng.nextNormal(), rng.nextNormal()) }
        scale(&v, 1 / norm(v))
        var basis: [[Complex]] = []
        var (alpha, beta): ([Double], [Double]) = ([], [])
        var last = Double.infinity
        for step in 0..<300 {
            basis.append(v)
            var w = h.applied(to: v)
            alpha.append(dot(v, w).re)
            for b in basis {   // full reorthogonalisation keeps the Ritz values free of ghosts
                let c = dot(b, w)
                for k in w.indices { w[k] = w[k] + Complex(-c.re, -c.im) * b[k] }
            }
            let ritz = try SymmetricEigen(tridiagonal(alpha, beta), n: alpha.count).values[0]
            let b = norm(w)
            if abs(ritz - last) < 1e-12 || b < 1e-10 || step == 299 { return ritz }
            last = ritz
            beta.append(b)
            scale(&w, 1 / b)
            v = w
        }
        return last
    }

    static func tridiagonal(_ alpha: [Double], _ beta: [Double]) -> [Double] {
        let m = alpha.count
        var t = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            t[i * m + i] = alpha[i]
            if i + 1 < m {
                t[i * m + i + 1] = beta[i]
                t[(i + 1) * m + i] = beta[i]
            }
        }
        return t
    }

    static func dot(_ a: [Complex], _ b: [Complex]) -> Complex {
        var s = Complex.zero
        for k in a.indices { s += a[k].conjugate * b[k] }
        return s
    }

    static func norm(_ a: [Complex]) -> Double { dot(a, a).re.squareRoot() }

    static func scale(_ a: inout [Complex], _ s: Double) {
        for k in a.indices { a[k] = s * a[k] }
    }
}
