import Foundation

extension OpenQASM {
    /// OpenQASM text for a circuit. Weights become inputs named `w0, w1, …` and inputs keep
    /// the names `x0, x1, …`; OpenQASM 3 declares them as `input float[64]` (symbolic), while
    /// OpenQASM 2, which has no parameters, needs `weights` and `inputs` values to bind them.
    ///
    /// Every gate is written with Qiskit-compatible names (`qelib1.inc` / `stdgates.inc`) or
    /// decomposed into them, so `qiskit.qasm2.loads` / `qiskit.qasm3.loads` rebuild the same
    /// state. OpenQASM 2 cannot state a global phase; it is dropped (the state is the same up
    /// to that phase), and OpenQASM 2 output uses only the gates of the original `qelib1.inc`
    /// (u3 u2 u1 cx id x y z h s sdg t tdg rx ry rz cz cy ch ccx crz cu1 cu3), which
    /// `qiskit.qasm2.loads` reads without custom instructions; other gates are decomposed.
    public static func export(_ circuit: Circuit, version: Version, weights: [Double]? = nil,
                              inputs: [Double]? = nil) throws -> String {
        let program = CircuitProgram(circuit)
        var values: [Double]?
        if weights != nil || inputs != nil {
            let x = inputs ?? [], w = weights ?? []
            guard x.count >= circuit.inputCount, w.count >= circuit.weightCount else {
                throw QuantumSimError.parameterCountMismatch(kind: x.count < circuit.inputCount ? "input" : "weight",
                                                             needed: x.count < circuit.inputCount ? circuit.inputCount : circuit.weightCount,
                                                             given: x.count < circuit.inputCount ? x.count : w.count)
            }
            values = Array(x.prefix(circuit.inputCount)) + Array(w.prefix(circuit.weightCount))
        }
        return try export(program, version: version, inputs: values)
    }

    /// OpenQASM text for a program (measurements, resets, barriers and conditions included).
    /// With `inputs`, the program's inputs are bound to those values; without, OpenQASM 3
    /// declares them (`input float[64] name;`) and OpenQASM 2 throws.
    public static func export(_ program: CircuitProgram, version: Version, inputs: [Double]? = nil) throws -> String {
        var e = QASMEmitter(program: program, version: version, values: inputs)
        return try e.emit()
    }
}

/// Writes OpenQASM text from a program.
struct QASMEmitter {
    let program: CircuitProgram
    let version: OpenQASM.Version
    let values: [Double]?
    var lines: [String] = []

    init(program: CircuitProgram, version: OpenQASM.Version, values: [Double]?) {
        self.program = program
        self.version = version
        self.values = values
    }

    var v2: Bool { version == .v2 }

    /// Shortest round-tripping decimal, always with a '.' before any exponent (OpenQASM 2 reals).
    static func number(_ v: Double) -> String {
        if v == .pi { return "pi" }
        if v == -.pi { return "-pi" }
        var s = v == v.rounded() && abs(v) < 1e15 ? String(format: "%.1f", v) : "\(v)"
        if s.contains("e") && !s.contains(".") { s = s.replacingOccurrences(of: "e", with: ".0e") }
        return s
    }

    func name(_ i: Int) -> String { i < program.inputNames.count ? program.inputNames[i] : "x\(i)" }

    func text(_ p: Parameter) throws -> String {
        guard case let .input(i) = p.source else { return Self.number(p.offset) }
        if let values {
            guard i < values.count else {
                throw QuantumSimError.parameterCountMismatch(kind: "input", needed: program.inputCount, given: values.count)
            }
            return Self.number(p.scale * values[i] + p.offset)
        }
        guard !v2 else {
            throw QuantumSimError.invalidArgument("OpenQASM 2 has no run-time parameters: bind input '\(name(i))' (and the others) to values to export it")
        }
        var s = p.scale == 1 ? name(i) : p.scale == -1 ? "-\(name(i))" : "\(Self.number(p.scale))*\(name(i))"
        if p.offset != 0 { s += p.offset > 0 ? " + \(Self.number(p.offset))" : " - \(Self.number(-p.offset))" }
        return s
    }

    func qubit(_ q: Int) -> String {
        let r = program.qubitRegisters.last { $0.offset <= q } ?? Register(name: "q", offset: 0, size: program.qubitCount)
        return "\(r.name)[\(q - r.offset)]"
    }

    func bit(_ b: Int) -> String {
        let r = program.bitRegisters.last { $0.offset <= b } ?? Register(name: "c", offset: 0, size: program.bitCount)
        return "\(r.name)[\(b - r.offset)]"
    }

    mutating func emit() throws -> String {
        lines = [v2 ? "OPENQASM 2.0;" : "OPENQASM 3.0;", v2 ? "include \"qelib1.inc\";" : "include \"stdgates.inc\";"]
        if values == nil && !v2 {
            for i in 0..<program.inputCount { lines.append("input float[64] \(name(i));") }
        }
        for r in program.qubitRegisters { lines.append(v2 ? "qreg \(r.name)[\(r.size)];" : "qubit[\(r.size)] \(r.name);") }
        for r in program.bitRegisters { lines.append(v2 ? "creg \(r.name)[\(r.size)];" : "bit[\(r.size)] \(r.name);") }
        for op in program.operations { lines += try statements(op) }
        return lines.joined(separator: "\n") + "\n"
    }

    func statements(_ op: ProgramOperation) throws -> [String] {
        switch op {
        case let .gate(g):
            return try ExportLowering.lower(g).flatMap { try v2 ? qasm2($0) : qasm3($0) }
        case let .measure(q, b):
            if let b { return [v2 ? "measure \(qubit(q)) -> \(bit(b));" : "\(bit(b)) = measure \(qubit(q));"] }
            guard !v2 else { throw QuantumSimError.invalidArgument("OpenQASM 2 cannot measure \(qubit(q)) without storing the outcome") }
            return ["measure \(qubit(q));"]
        case let .reset(q):
            return ["reset \(qubit(q));"]
        case let .barrier(qs):
            return qs.isEmpty ? [] : ["barrier " + qs.map(qubit).joined(separator: ", ") + ";"]
        case let .conditional(c, inner):
            let body = try statements(inner)
            let cond: String
            if let r = program.bitRegisters.first(where: { $0.offset == c.bits.first && $0.size == c.bits.count }),
               c.bits == Array(r.offset..<(r.offset + r.size)) {
                cond = "\(r.name) == \(c.value)"
            } else if c.bits.count == 1, !v2, c.value <= 1 {
                cond = c.value == 1 ? bit(c.bits[0]) : "\(bit(c.bits[0])) == false"
            } else {
                throw QuantumSimError.invalidArgument("condition on bits \(c.bits) is not a whole classical register; OpenQASM \(version.rawValue) cannot state it")
            }
            if v2 { return body.map { "if (\(cond)) \($0)" } }
            return ["if (\(cond)) {"] + body.map { "  " + $0 } + ["}"]
        }
    }
}
