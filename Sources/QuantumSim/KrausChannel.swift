import Foundation

/// A completely positive, trace-preserving map on one or two qubits, ρ → Σ_k K_k ρ K_k†, given
/// by its Kraus operators (row-major 2ᵃ×2ᵃ, a = `arity`; on two qubits the first is the most
/// significant bit of the matrix index, as for gates). Parameters follow Qiskit Aer's
/// `depolarizing_error`, `amplitude_damping_error`, `phase_damping_error`,
/// `thermal_relaxation_error` (excited-state population 0).
public struct KrausChannel: Sendable, Equatable {
    /// Qubits the channel acts on: 1 or 2.
    public let arity: Int
    /// K_k, each 4ᵃ entries.
    public let operators: [[Complex]]

    /// A channel from Kraus operators; throws unless they are square of the arity's size and
    /// Σ K†K = I within 1e-10.
    public init(arity: Int, operators: [[Complex]]) throws {
        let d = 1 << arity
        guard (1...2).contains(arity), !operators.isEmpty, operators.allSatisfy({ $0.count == d * d }) else {
            throw QuantumSimError.invalidArgument("a channel takes 1 or 2 qubits and \(d)×\(d) Kraus operators")
        }
        var sum = [Complex](repeating: .zero, count: d * d)
        for k in operators {
            for r in 0..<d {
                for c in 0..<d {
                    for m in 0..<d { sum[r * d + c] += k[m * d + r].conjugate * k[m * d + c] }
                }
            }
        }
        let deviation = (0..<(d * d)).map { i in (sum[i] + Complex(i % (d + 1) == 0 ? -1 : 0)).magnitude }.max() ?? 0
        guard deviation <= 1e-10 else {
            throw QuantumSimError.invalidArgument("Kraus operators do not preserve the trace (Σ K†K differs from I by \(deviation))")
        }
        self.arity = arity
        self.operators = operators
    }

    /// The superoperator Σ_k K_k ⊗ K_k* on (ket qubits, bra qubits) of the vectorised ρ, 16ᵃ entries.
    public var superoperator: [Complex] {
        let d = 1 << arity
        var s = [Complex](repeating: .zero, count: d * d * d * d)
        for k in operators {
            for (i, v) in Embedding.kronecker(k, d, k.map(\.conjugate), d).enumerated() { s[i] += v }
        }
        return s
    }

    /// `self` after `first` (both on the same qubits): Kraus operators B_j·A_i.
    public func after(_ first: KrausChannel) throws -> KrausChannel {
        guard first.arity == arity else { throw QuantumSimError.invalidArgument("composing channels of \(first.arity) and \(arity) qubits") }
        let products = operators.flatMap { b in first.operators.map { a in Embedding.multiply(b, a, 1 << arity) } }
        return try KrausChannel(arity: arity, operators: products)
    }

    static func check(_ value: Double, _ name: String, in range: ClosedRange<Double> = 0...1) throws {
        guard value.isFinite, range.contains(value) else {
            throw QuantumSimError.invalidArgument("\(name) must lie in \(range.lowerBound)...\(range.upperBound), got \(value)")
        }
    }
}
