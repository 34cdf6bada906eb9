/// Data encoders as QuantumSim circuits whose gate angles read the sample's features
/// (`.input(j)`), for use in a `QuantumLayer`. Feature j goes to qubit j unless stated.
/// Amplitude encoding prepares a state rather than applying gates: it is
/// `DenseCircuit.InitialState.amplitude` (normalised, zero-padded).
public enum Encoders {
    /// The rotation axis of angle encoding.
    public enum Axis: String, Sendable, CaseIterable { case x, y, z }

    /// R_axis(scale·x_j) on qubit j, j < features. A Z axis is preceded by H (else it would
    /// only add a phase to |0⟩).
    public static func angle(features: Int, axis: Axis = .y, scale: Double = 1) -> Circuit {
        var c = Circuit(qubits: features)
        for j in 0..<features {
            let p = scale * Parameter.input(j)
            switch axis {
            case .x: c.rx(p, j)
            case .y: c.ry(p, j)
            case .z: c.h(j); c.rz(p, j)
            }
        }
        return c
    }

    /// Dense angle encoding: two features per qubit, RY(scale·x_{2q}) then RZ(scale·x_{2q+1}).
    public static func denseAngle(features: Int, scale: Double = .pi) -> Circuit {
        var c = Circuit(qubits: (features + 1) / 2)
        for j in 0..<features {
            if j % 2 == 0 { c.ry(scale * Parameter.input(j), j / 2) } else { c.rz(scale * Parameter.input(j), j / 2) }
        }
        return c
    }

    /// Basis encoding of binary features: X^{x_j} on qubit j, as RX(π·x_j) (equal to X up to
    /// a global phase for x_j ∈ {0, 1}).
    public static func basis(features: Int) -> Circuit {
        var c = Circuit(qubits: features)
        for j in 0..<features { c.rx(Double.pi * Parameter.input(j), j) }
        return c
    }

    /// IQP encoding (Havlíček et al.): `reps` × [H on every qubit, RZ(x_j), then for every pair
    /// j < k: CNOT(j,k)·RZ(x_j·x_k)·CNOT(j,k)]. The products are features too: feed the output
    /// of `IQPFeatures` (x_0…x_{n−1}, then x_j·x_k in pair order), n + n(n−1)/2 features.
    public static func iqp(qubits n: Int, reps: Int = 1) -> Circuit {
        var c = Circuit(qubits: n)
        for _ in 0..<reps {
            for q in 0..<n { c.h(q) }
            for q in 0..<n { c.rz(2 * Parameter.input(q), q) }
            var pair = n
            for j in 0..<n { for k in (j + 1)..<n where k < n {
                c.cx(j, k); c.rz(2 * Parameter.input(pair), k); c.cx(j, k)
                pair += 1
            } }
        }
        return c
    }
}

extension Encoders {
    /// The inputs that make `iqp(qubits: n, reps:)` Qiskit's `ZZFeatureMap` (full entanglement):
    /// each row [x_0…x_{n−1}] becomes [x, (π − x_j)(π − x_k) for j < k]. Rows of n values in,
    /// rows of n + n(n−1)/2 out.
    public static func zzFeatureMapInputs(_ x: [Double], features n: Int) -> [Double] {
        stride(from: 0, to: x.count, by: n).flatMap { start -> [Double] in
            let row = Array(x[start..<(start + n)])
            var out = row
            for j in 0..<n {
                for k in (j + 1)..<n { out.append((Double.pi - row[j]) * (Double.pi - row[k])) }
            }
            return out
        }
    }
}

/// x [N, n] → [x, x_j·x_k for j < k] [N, n + n(n−1)/2]: the features `Encoders.iqp` reads.
/// Differentiable (built from slices, products and a concatenation).
public final class IQPFeatures<Scalar: TensorScalar>: StatelessLayer {
    public init() {}
    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let (n, f) = (x.shape[0], x.shape[1])
        let columns = (0..<f).map { x.sliced([0..<n, $0..<($0 + 1)]) }
        var parts = [x]
        for j in 0..<f { for k in (j + 1)..<f where k < f { parts.append(columns[j] * columns[k]) } }
        return Variable.concatenated(parts, axis: 1)
    }
}
