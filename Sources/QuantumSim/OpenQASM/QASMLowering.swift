/// Lowers a parsed OpenQASM program to a `CircuitProgram`: registers to flat qubit and bit
/// indices, gate calls (with broadcasting, user gates, modifiers) to `Instruction`s,
/// `measure`/`reset`/`barrier`/`if` to program operations.
struct QASMLowering {
    /// Most qubits (all registers together) a program may declare.
    static let maxQubits = 4096
    /// Most classical bits a program may declare.
    static let maxBits = 65536
    /// Most operations a program may expand to (guards against exponential gate nesting and huge `pow`).
    static let maxOperations = 1_000_000

    enum GateDefinition {
        case native(parameters: Int, qubits: Int, build: ([Parameter], [Int]) -> [Instruction])
        case user(parameters: [String], qubits: [String], body: [QASMStatement], cost: Int)

        var parameterCount: Int {
            switch self {
            case let .native(p, _, _): return p
            case let .user(p, _, _, _): return p.count
            }
        }
        var qubitCount: Int {
            switch self {
            case let .native(_, q, _): return q
            case let .user(_, q, _, _): return q.count
            }
        }
        var cost: Int {
            if case let .user(_, _, _, c) = self { return c }
            return 1
        }
    }

    var version: Int
    /// Whether the file has an `OPENQASM` line (a missing one reads the file as version 3).
    var declaresVersion = true
    var qubitRegisters: [Register] = []
    var bitRegisters: [Register] = []
    /// Register positions by name (lookups stay O(1) with thousands of registers).
    var qubitRegisterIndex: [String: Int] = [:]
    var bitRegisterIndex: [String: Int] = [:]
    var qubitCount = 0
    var bitCount = 0
    var inputNames: [String] = []
    var gates: [String: GateDefinition] = [:]
    var operations: [ProgramOperation] = []
    var emitted = 0
    var includedLibrary = false
    /// Gates defined by `gate` statements (library bodies included).
    var userDefined: Set<String> = []

    init(version: Int) {
        self.version = version
        gates["U"] = Self.native(.u)
        if version == 2 { gates["CX"] = Self.native(.x, controls: 1) }
    }

    var topLevelEvaluator: QASMEvaluator {
        var names: [String: QASMValue] = [:]
        for (i, n) in inputNames.enumerated() { names[n] = QASMValue(input: i, scale: 1, offset: 0) }
        return QASMEvaluator(version: version, names: names, inputNames: inputNames)
    }

    func isDeclared(_ name: String) -> Bool {
        gates[name] != nil || qubitRegisterIndex[name] != nil || bitRegisterIndex[name] != nil || inputNames.contains(name)
    }

    /// A register name already taken. OpenQASM 2 keeps gates and registers apart (Qiskit reads
    /// `qreg p[2];` after `include "qelib1.inc";`, whose `p` is a gate); version 3 shares one scope.
    func isTakenRegisterName(_ name: String) -> Bool {
        version == 2 ? qubitRegisterIndex[name] != nil || bitRegisterIndex[name] != nil : isDeclared(name)
    }

    mutating func lower(_ statements: [QASMStatement]) throws -> CircuitProgram {
        for s in statements { try lower(s) }
        return CircuitProgram(qubitCount: qubitCount, bitCount: bitCount, qubitRegisters: qubitRegisters,
                              bitRegisters: bitRegisters, inputNames: inputNames, operations: operations)
    }

    mutating func lower(_ s: QASMStatement) throws {
        switch s {
        case let .include(file, loc):
            try include(file, loc)
        case let .quantumRegister(name, size, loc):
            guard !isTakenRegisterName(name) else { throw loc.error(name, "'\(name)' is already declared") }
            guard size >= 1 else { throw loc.error(name, "register '\(name)' must have at least one qubit") }
            guard size <= Self.maxQubits - qubitCount else {
                throw loc.error(name, "register '\(name)' of \(size) qubits exceeds the limit of \(Self.maxQubits) qubits in all")
            }
            qubitRegisterIndex[name] = qubitRegisters.count
            qubitRegisters.append(Register(name: name, offset: qubitCount, size: size))
            qubitCount += size
        case let .classicalRegister(name, size, loc):
            guard !isTakenRegisterName(name) else { throw loc.error(name, "'\(name)' is already declared") }
            guard size >= 1 else { throw loc.error(name, "register '\(name)' must have at least one bit") }
            guard size <= Self.maxBits - bitCount else {
                throw loc.error(name, "register '\(name)' of \(size) bits exceeds the limit of \(Self.maxBits) bits in all")
            }
            bitRegisterIndex[name] = bitRegisters.count
            bitRegisters.append(Register(name: name, offset: bitCount, size: size))
            bitCount += size
        case let .input(name, loc):
            guard !isDeclared(name) else { throw loc.error(name, "'\(name)' is already declared") }
            guard QASMEvaluator.constants3[name] == nil else { throw loc.error(name, "'\(name)' is a built-in constant") }
            inputNames.append(name)
        case let .gateDefinition(name, params, qubits, body, loc):
            try define(name, params, qubits, body, loc)
        default:
            var out: [ProgramOperation] = []
            try lowerOperation(s, into: &out)
            operations += out
        }
    }

    /// Lowers a quantum statement (gate, gphase, measure, reset, barrier, if) into program operations.
    mutating func lowerOperation(_ s: QASMStatement, into out: inout [ProgramOperation]) throws {
        switch s {
        case let .gate(call):
            let evaluator = topLevelEvaluator
            let args = try call.arguments.map { try evaluator.evaluate($0) }
            let operands = try call.operands.map { try qubits($0) }
            for qs in try broadcast(operands, call.location, call.name) {
                var instructions: [Instruction] = []
                try apply(call.name, args: args, qubits: qs, modifiers: call.modifiers, location: call.location, into: &instructions)
                try count(instructions.count, call.location, call.name)
                out += instructions.map { .gate($0) }
            }
        case let .globalPhase(modifiers, expr, operands, loc):
            let angle = try topLevelEvaluator.evaluate(expr)
            let ops = try operands.map { try qubits($0) }
            for qs in try broadcast(ops, loc, "gphase") {
                var instructions: [Instruction] = []
                try globalPhase(angle, qubits: qs, modifiers: modifiers, location: loc, into: &instructions)
                try count(instructions.count, loc, "gphase")
                out += instructions.map { .gate($0) }
            }
        case let .measure(q, c, loc):
            let qs = try qubits(q)
            if let c {
                let bs = try bits(c)
                guard qs.count == bs.count else {
                    throw loc.error("measure", "measuring \(qs.count) qubits into \(bs.count) bits")
                }
                for (a, b) in zip(qs, bs) { out.append(.measure(qubit: a, bit: b)) }
            } else {
                for a in qs { out.append(.measure(qubit: a, bit: nil)) }
            }
            try count(qs.count, loc, "measure")
        case let .reset(q, loc):
            let qs = try qubits(q)
            try count(qs.count, loc, "reset")
            for a in qs { out.append(.reset(qubit: a)) }
        case let .barrier(operands, _):
            var qs: [Int] = []
            for o in operands { qs += try qubits(o) }
            out.append(.barrier(operands.isEmpty ? Array(0..<qubitCount) : qs))
        case let .conditional(cond, body, _):
            let bs = try bits(cond.operand)
            if cond.operand.index != nil && cond.value > 1 {
                throw cond.location.error("if", "a single bit compared with \(cond.value)")
            }
            let condition = ClassicalCondition(bits: bs, value: cond.value)
            var inner: [ProgramOperation] = []
            for s in body { try lowerOperation(s, into: &inner) }
            out += inner.map { .conditional(condition, $0) }
        default:
            throw s.location.error("statement", "this statement is only allowed at the top level")
        }
    }

    mutating func count(_ n: Int, _ loc: QASMLocation, _ construct: String) throws {
        emitted += n
        if emitted > Self.maxOperations {
            throw loc.error(construct, "the program expands to more than \(Self.maxOperations) operations")
        }
    }

    /// Qubit indices of an operand: one for `q[i]`, the whole register for `q`.
    func qubits(_ o: QASMOperand) throws -> [Int] {
        guard let r = qubitRegisterIndex[o.name].map({ qubitRegisters[$0] }) else {
            if bitRegisterIndex[o.name] != nil {
                throw o.location.error(o.name, "'\(o.name)' is a classical register, not qubits")
            }
            throw o.location.error(o.name, "unknown qubit register '\(o.name)'")
        }
        return try select(r, o, "qubit")
    }

    /// Bit indices of an operand.
    func bits(_ o: QASMOperand) throws -> [Int] {
        guard let r = bitRegisterIndex[o.name].map({ bitRegisters[$0] }) else {
            if qubitRegisterIndex[o.name] != nil {
                throw o.location.error(o.name, "'\(o.name)' is a quantum register, not classical bits")
            }
            throw o.location.error(o.name, "unknown classical register '\(o.name)'")
        }
        return try select(r, o, "bit")
    }

    func select(_ r: Register, _ o: QASMOperand, _ kind: String) throws -> [Int] {
        guard let e = o.index else { return Array(r.offset..<(r.offset + r.size)) }
        let i = try QASMEvaluator(version: version, names: [:], inputNames: []).integer(e, "index")
        guard i >= 0 && i < r.size else {
            throw o.location.error(o.name, "index \(i) is out of range for \(kind) register '\(r.name)' of size \(r.size)")
        }
        return [r.offset + i]
    }

    /// OpenQASM broadcasting: whole-register operands of equal size apply the gate element-wise.
    func broadcast(_ operands: [[Int]], _ loc: QASMLocation, _ name: String) throws -> [[Int]] {
        let sizes = Set(operands.map(\.count).filter { $0 != 1 })
        guard sizes.count <= 1 else {
            throw loc.error(name, "registers of different sizes \(sizes.sorted()) in one call of '\(name)'")
        }
        let n = sizes.first ?? 1
        return (0..<n).map { i in operands.map { $0.count == 1 ? $0[0] : $0[i] } }
    }
}
