/// A quantum circuit as a value: a qubit count and a list of instructions whose parameters
/// refer to constants, trainable weights or input features (bound at execution).
///
/// ```swift
/// var c = Circuit(qubits: 2)
/// c.ry(.input(0), 0); c.rz(.weight(0), 0); c.cx(0, 1)
/// ```
public struct Circuit: Hashable, Sendable {
    /// Number of qubits.
    public private(set) var qubitCount: Int
    /// Operations in application order.
    public private(set) var instructions: [Instruction] = []

    /// An empty circuit on `qubits` qubits.
    public init(qubits: Int) {
        precondition(qubits >= 0, "qubit count must be ≥ 0, got \(qubits)")
        qubitCount = qubits
    }

    /// Number of trainable weights referenced (largest index + 1).
    public var weightCount: Int {
        instructions.flatMap(\.parameters).reduce(0) { acc, p in
            if case let .weight(i) = p.source { return max(acc, i + 1) } else { return acc }
        }
    }

    /// Number of input features referenced (largest index + 1).
    public var inputCount: Int {
        instructions.flatMap(\.parameters).reduce(0) { acc, p in
            if case let .input(i) = p.source { return max(acc, i + 1) } else { return acc }
        }
    }

    /// Appends an operation; traps when a qubit is ≥ `qubitCount`.
    public mutating func append(_ op: Instruction) {
        for q in op.qubits {
            precondition(q < qubitCount, "\(op.gate.name): qubit \(q) out of range 0..<\(qubitCount)")
        }
        instructions.append(op)
    }

    /// Appends a gate.
    public mutating func append(_ gate: Gate, _ targets: [Int], controls: [Int] = [], parameters: [Parameter] = []) {
        append(Instruction(gate, targets: targets, controls: controls, parameters: parameters))
    }

    /// Appends all instructions of `other` (which must not use more qubits).
    public mutating func append(_ other: Circuit) {
        precondition(other.qubitCount <= qubitCount, "appending a \(other.qubitCount)-qubit circuit to a \(qubitCount)-qubit one")
        for op in other.instructions { append(op) }
    }

    /// Appends `other` with its qubit i mapped to `qubitMap[i]`.
    public mutating func append(_ other: Circuit, on qubitMap: [Int]) {
        precondition(qubitMap.count == other.qubitCount, "qubit map has \(qubitMap.count) entries for \(other.qubitCount) qubits")
        for var op in other.instructions {
            op.targets = op.targets.map { qubitMap[$0] }
            op.controls = op.controls.map { qubitMap[$0] }
            append(op)
        }
    }

    /// `a` followed by `b`, each with its own weights: b's weight i becomes a.weightCount + i,
    /// so composing two templates never shares weights (inputs are shared: both read the same
    /// features). To share weights on purpose, `append` a circuit as it is.
    public static func + (a: Circuit, b: Circuit) -> Circuit {
        var c = Circuit(qubits: max(a.qubitCount, b.qubitCount))
        c.append(a)
        c.append(b.shiftingWeights(by: a.weightCount))
        return c
    }

    /// The circuit with weight i read as weight i + `shift` (constants and inputs unchanged).
    public func shiftingWeights(by shift: Int) -> Circuit {
        var c = Circuit(qubits: qubitCount)
        for var op in instructions {
            op.parameters = op.parameters.map { p in
                guard case let .weight(i) = p.source else { return p }
                return Parameter(source: .weight(i + shift), scale: p.scale, offset: p.offset)
            }
            c.append(op)
        }
        return c
    }

    /// The circuit applied `count` times in sequence.
    public func repeated(_ count: Int) -> Circuit {
        precondition(count >= 0, "repeat count must be ≥ 0")
        var c = Circuit(qubits: qubitCount)
        for _ in 0..<count { c.append(self) }
        return c
    }

    /// The adjoint circuit U†: instructions reversed, each daggered.
    public var inverse: Circuit {
        var c = Circuit(qubits: qubitCount)
        c.instructions = instructions.reversed().map(\.adjoint)
        return c
    }

    /// The circuit controlled on `controls` (all |1⟩); control qubits must be new indices
    /// `< qubitCount` of the result, so the result has `max(qubitCount, max(controls)+1)` qubits.
    public func controlled(by controls: [Int]) -> Circuit {
        var c = Circuit(qubits: max(qubitCount, (controls.max() ?? -1) + 1))
        for var op in instructions {
            precondition(Set(op.qubits).isDisjoint(with: controls), "control qubits \(controls) overlap \(op.gate.name) on \(op.qubits)")
            op.controls = controls + op.controls
            c.append(op)
        }
        return c
    }

    /// The same instructions on a wider register.
    public func widened(to qubits: Int) -> Circuit {
        precondition(qubits >= qubitCount)
        var c = self
        c.qubitCount = qubits
        return c
    }
}
