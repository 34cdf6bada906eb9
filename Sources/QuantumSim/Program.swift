/// A classical condition on measured bits: the register's bits, read as an unsigned integer
/// with `bits[0]` the least significant bit, equal `value` (OpenQASM 2 `if (c == n)`).
public struct ClassicalCondition: Hashable, Sendable {
    /// Classical bit indices, least significant first.
    public var bits: [Int]
    /// The value compared with.
    public var value: Int

    /// A condition `Σ_i bits[i]·2^i == value`.
    public init(bits: [Int], value: Int) {
        self.bits = bits
        self.value = value
    }

    /// Whether the condition holds for the classical bit values `register`.
    public func holds(_ register: [Bool]) -> Bool {
        // A value with more bits than the register can never match.
        if bits.count < Int.bitWidth - 1, value >> bits.count != 0 { return false }
        var v = 0
        for (i, b) in bits.enumerated() where register[b] {
            if i >= Int.bitWidth - 1 { return false }
            v |= 1 << i
        }
        return v == value
    }
}

/// One step of a program with mid-circuit measurement.
public indirect enum ProgramOperation: Hashable, Sendable {
    /// A unitary gate.
    case gate(Instruction)
    /// Measure `qubit` in the computational basis and store the outcome in classical `bit`
    /// (nil: the outcome is discarded, as OpenQASM 3 `measure q;`).
    case measure(qubit: Int, bit: Int?)
    /// Reset `qubit` to |0⟩ (measure, then flip if the outcome was 1).
    case reset(qubit: Int)
    /// A scheduling barrier: no effect on the state.
    case barrier([Int])
    /// `operation` runs only when `condition` holds.
    case conditional(ClassicalCondition, ProgramOperation)
}

/// A named block of consecutive qubits or classical bits (an OpenQASM register).
public struct Register: Hashable, Sendable {
    /// The register's name.
    public var name: String
    /// Index of its first element in the flat qubit (or bit) numbering.
    public var offset: Int
    /// Number of elements.
    public var size: Int
    /// A register.
    public init(name: String, offset: Int, size: Int) { self.name = name; self.offset = offset; self.size = size }
}

/// A quantum program: unitary gates interleaved with measurements, resets, barriers and
/// classically conditioned operations, over `qubitCount` qubits and `bitCount` classical bits.
///
/// Gate parameters may read input features (`Parameter.input(i)`, named by `inputNames[i]`),
/// bound when the program runs. Qubit k is bit k of a state's amplitude index (qubit 0 least
/// significant, as in Qiskit); registers are laid out in declaration order.
public struct CircuitProgram: Hashable, Sendable {
    /// Number of qubits.
    public var qubitCount: Int
    /// Number of classical bits.
    public var bitCount: Int
    /// Quantum registers in declaration order.
    public var qubitRegisters: [Register]
    /// Classical registers in declaration order.
    public var bitRegisters: [Register]
    /// Names of the run-time inputs; `Parameter.input(i)` refers to `inputNames[i]`.
    public var inputNames: [String]
    /// The operations in order.
    public var operations: [ProgramOperation]

    /// A program from parts.
    public init(qubitCount: Int, bitCount: Int = 0, qubitRegisters: [Register]? = nil, bitRegisters: [Register]? = nil,
                inputNames: [String] = [], operations: [ProgramOperation] = []) {
        self.qubitCount = qubitCount
        self.bitCount = bitCount
        self.qubitRegisters = qubitRegisters ?? (qubitCount > 0 ? [Register(name: "q", offset: 0, size: qubitCount)] : [])
        self.bitRegisters = bitRegisters ?? (bitCount > 0 ? [Register(name: "c", offset: 0, size: bitCount)] : [])
        self.inputNames = inputNames
        self.operations = operations
    }

    /// The program of a unitary circuit (no classical bits). Inputs keep their indices and the
    /// names `x0, x1, …`; trainable weights become the inputs after them, named `w0, w1, …`.
    public init(_ circuit: Circuit) {
        let m = circuit.inputCount
        let ops: [ProgramOperation] = circuit.instructions.map { op in
            var g = op
            g.parameters = op.parameters.map { p in
                guard case let .weight(i) = p.source else { return p }
                return Parameter(source: .input(m + i), scale: p.scale, offset: p.offset)
            }
            return .gate(g)
        }
        self.init(qubitCount: circuit.qubitCount,
                  inputNames: (0..<m).map { "x\($0)" } + (0..<circuit.weightCount).map { "w\($0)" },
                  operations: ops)
    }

    /// Whether every operation is a gate or barrier (no measurement, reset or condition).
    public var isUnitary: Bool {
        operations.allSatisfy {
            switch $0 { case .gate, .barrier: return true; default: return false }
        }
    }

    /// Whether the program measures anything.
    public var hasMeasurements: Bool {
        func measures(_ op: ProgramOperation) -> Bool {
            switch op {
            case .measure: return true
            case let .conditional(_, inner): return measures(inner)
            default: return false
            }
        }
        return operations.contains(where: measures)
    }

    /// The unitary part as a circuit, when the program is unitary (barriers dropped); nil otherwise.
    public var circuit: Circuit? {
        guard isUnitary else { return nil }
        var c = Circuit(qubits: qubitCount)
        for case let .gate(g) in operations { c.append(g) }
        return c
    }

    /// Number of input values the program reads.
    public var inputCount: Int {
        func count(_ op: ProgramOperation) -> Int {
            switch op {
            case let .gate(g):
                return g.parameters.reduce(0) { acc, p in if case let .input(i) = p.source { return max(acc, i + 1) }; return acc }
            case let .conditional(_, inner): return count(inner)
            default: return 0
            }
        }
        return max(inputNames.count, operations.map(count).max() ?? 0)
    }
}
