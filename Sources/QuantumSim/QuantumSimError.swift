import Foundation

/// Errors a user can trigger (bad text, sizes that do not fit): each says what and where.
public enum QuantumSimError: Error, Equatable, CustomStringConvertible {
    /// A state of `qubits` qubits needs `bytes` bytes but only `available` are free.
    case stateTooLarge(qubits: Int, bytes: Double, available: Double)
    /// A Pauli-sum text could not be parsed; `position` is the character offset.
    case invalidPauliString(text: String, position: Int, reason: String)
    /// An operator or circuit refers to a qubit outside `0..<qubitCount`.
    case qubitOutOfRange(qubit: Int, qubitCount: Int, context: String)
    /// A parameter vector is too short for the circuit.
    case parameterCountMismatch(kind: String, needed: Int, given: Int)
    /// A matrix given by the user is not of the expected size or not unitary.
    case invalidMatrix(reason: String)
    /// Any other invalid argument.
    case invalidArgument(String)
    /// A LAPACK routine failed.
    case linearAlgebra(String)

    public var description: String {
        switch self {
        case let .stateTooLarge(q, b, a):
            return String(format: "a state of %d qubits needs %.3g GiB, but only %.3g GiB of memory are available",
                          q, b / 1_073_741_824, a / 1_073_741_824)
        case let .invalidPauliString(text, pos, reason):
            return "invalid Pauli sum at character \(pos) of \"\(text)\": \(reason)"
        case let .qubitOutOfRange(q, n, ctx):
            return "qubit \(q) is out of range 0..<\(n) in \(ctx)"
        case let .parameterCountMismatch(kind, needed, given):
            return "the circuit needs \(needed) \(kind) values, but \(given) were given"
        case let .invalidMatrix(reason):
            return "invalid matrix: \(reason)"
        case let .invalidArgument(s):
            return s
        case let .linearAlgebra(message):
            return "linear algebra: \(message)"
        }
    }
}
