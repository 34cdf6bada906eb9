import QuantumSim
import Tensor

/// Random unitaries and states for property tests (seeded).
public enum RandomQuantum {
    /// A Haar-ish random unitary by Gram–Schmidt on Gaussian columns.
    public static func unitary(_ d: Int, rng: inout RandomGenerator) -> [Complex] {
        var cols: [[Complex]] = []
        for _ in 0..<d {
            var v = (0..<d).map { _ in Complex(rng.nextNormal(), rng.nextNormal()) }
            for u in cols {
                var dot = Complex.zero
                for i in 0..<d { dot += u[i].conjugate * v[i] }
                for i in 0..<d { v[i] -= dot * u[i] }
            }
            let nrm = v.reduce(0) { $0 + $1.magnitudeSquared }.squareRoot()
            cols.append(v.map { $0 / nrm })
        }
        var m = [Complex](repeating: .zero, count: d * d)
        for r in 0..<d { for c in 0..<d { m[r * d + c] = cols[c][r] } }
        return m
    }

    /// A random normalised state of n qubits.
    public static func state(_ n: Int, rng: inout RandomGenerator) -> [Complex] {
        var v = (0..<(1 << n)).map { _ in Complex(rng.nextNormal(), rng.nextNormal()) }
        let nrm = v.reduce(0) { $0 + $1.magnitudeSquared }.squareRoot()
        v = v.map { $0 / nrm }
        return v
    }
}
