/// One instruction of a circuit: a gate on target qubits, optional control qubits (all must be
/// |1⟩), its parameters, and whether its adjoint is applied.
///
/// Non-unitary instructions (measurement, reset) planned for the OpenQASM import can join as
/// a new stored kind beside `gate` without changing how gates are represented.
public struct Instruction: Hashable, Sendable {
    /// The base gate.
    public var gate: Gate
    /// Target qubits, in the gate's matrix order (first = most significant matrix bit).
    public var targets: [Int]
    /// Control qubits (condition: all |1⟩).
    public var controls: [Int]
    /// One parameter per `gate.parameterCount`.
    public var parameters: [Parameter]
    /// Apply U† instead of U.
    public var isAdjoint: Bool

    /// An operation; traps if the counts do not match the gate or qubits repeat.
    public init(_ gate: Gate, targets: [Int], controls: [Int] = [], parameters: [Parameter] = [], adjoint: Bool = false) {
        precondition(targets.count == gate.qubitCount,
                     "\(gate.name) acts on \(gate.qubitCount) qubits, got targets \(targets)")
        precondition(parameters.count == gate.parameterCount,
                     "\(gate.name) takes \(gate.parameterCount) parameters, got \(parameters.count)")
        let all = targets + controls
        precondition(Set(all).count == all.count, "\(gate.name): repeated qubit in targets \(targets) controls \(controls)")
        precondition(all.allSatisfy { $0 >= 0 }, "\(gate.name): negative qubit index in \(all)")
        self.gate = gate
        self.targets = targets
        self.controls = controls
        self.parameters = parameters
        self.isAdjoint = adjoint
    }

    /// All qubits touched (controls then targets).
    public var qubits: [Int] { controls + targets }

    /// The adjoint operation.
    public var adjoint: Instruction {
        var o = self
        o.isAdjoint.toggle()
        return o
    }

    /// The target matrix (without controls) at bound parameter values.
    public func targetMatrix(_ values: [Double]) -> [Complex] {
        let m = gate.matrix(values)
        return isAdjoint ? Self.daggered(m) : m
    }

    /// ∂(target matrix)/∂(parameter `index`) at bound values.
    public func targetDerivative(_ values: [Double], index: Int) -> [Complex] {
        let d = gate.derivative(values, index: index)
        return isAdjoint ? Self.daggered(d) : d
    }

    static func daggered(_ m: [Complex]) -> [Complex] {
        let d = Int(Double(m.count).squareRoot().rounded())
        var out = m
        for r in 0..<d { for c in 0..<d { out[c * d + r] = m[r * d + c].conjugate } }
        return out
    }
}
