import Foundation

/// Distances between a data distribution q over bitstrings and a Born machine's p(x) = ψ(x)²,
/// with ∂/∂ψ for training. x indexes the 2ⁿ basis states (bit j = qubit j).
public enum BornMachineLoss {
    /// KL(q ‖ p) = Σ_{q(x) > 0} q(x)·log(q(x) / p(x)), p floored at 1e-300 to stay finite.
    public static func kl(_ q: [Double], _ psi: [Double]) -> Double {
        zip(q, psi).reduce(0) { $0 + ($1.0 > 0 ? $1.0 * log($1.0 / max($1.1 * $1.1, 1e-300)) : 0) }
    }

    /// ∂KL/∂ψ(x) = −2·q(x)·ψ(x) / (ψ(x)² + ε) (ε = 1e-12 keeps a vanishing amplitude finite).
    public static func klGradient(_ q: [Double], _ psi: [Double]) -> [Double] {
        zip(q, psi).map { $0.0 > 0 ? -2 * $0.0 * $0.1 / ($0.1 * $0.1 + 1e-12) : 0 }
    }

    /// The empirical distribution of `samples` (basis indices) over 2^`qubits` states.
    public static func distribution(_ samples: [Int], qubits: Int) throws -> [Double] {
        guard !samples.isEmpty, samples.allSatisfy({ (0..<(1 << qubits)).contains($0) }) else {
            throw QMLError.invalidArgument("a data distribution needs samples among the \(1 << qubits) bitstrings of \(qubits) qubits")
        }
        var q = [Double](repeating: 0, count: 1 << qubits)
        for s in samples { q[s] += 1 / Double(samples.count) }
        return q
    }
}
