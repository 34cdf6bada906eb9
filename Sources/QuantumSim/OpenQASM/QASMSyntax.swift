/// The syntax tree of an OpenQASM 2/3 program (the supported subset), before lowering.

/// An arithmetic expression: numbers, names, `+ − * / ^ **`, unary minus, and calls of
/// `sin cos tan exp ln sqrt` (and `arcsin arccos arctan` in OpenQASM 3).
indirect enum QASMExpr {
    case number(Double, QASMLocation)
    case name(String, QASMLocation)
    case unary(String, QASMExpr, QASMLocation)
    case binary(String, QASMExpr, QASMExpr, QASMLocation)
    case call(String, [QASMExpr], QASMLocation)

    var location: QASMLocation {
        switch self {
        case let .number(_, l), let .name(_, l), let .unary(_, _, l), let .binary(_, _, _, l), let .call(_, _, l): return l
        }
    }
}

/// A qubit or bit operand: a register name, optionally indexed (`q` or `q[3]`).
struct QASMOperand {
    var name: String
    var index: QASMExpr?
    var location: QASMLocation
}

/// A gate modifier of OpenQASM 3.
enum QASMModifier {
    case ctrl(Int)
    case negctrl(Int)
    case inv
    case pow(QASMExpr)
}

/// A gate application: `modifiers name(args) operands;`.
struct QASMGateCall {
    var modifiers: [(QASMModifier, QASMLocation)]
    var name: String
    var arguments: [QASMExpr]
    var operands: [QASMOperand]
    var location: QASMLocation
}

/// A classical condition `if (c == n)` (register or single bit).
struct QASMCondition {
    var operand: QASMOperand
    var value: Int
    var location: QASMLocation
}

/// One statement.
indirect enum QASMStatement {
    case include(String, QASMLocation)
    case quantumRegister(name: String, size: Int, location: QASMLocation)
    case classicalRegister(name: String, size: Int, location: QASMLocation)
    case input(name: String, location: QASMLocation)
    case gateDefinition(name: String, parameters: [String], qubits: [String], body: [QASMStatement], location: QASMLocation)
    case gate(QASMGateCall)
    case globalPhase(modifiers: [(QASMModifier, QASMLocation)], QASMExpr, operands: [QASMOperand], QASMLocation)
    case measure(QASMOperand, into: QASMOperand?, QASMLocation)
    case reset(QASMOperand, QASMLocation)
    case barrier([QASMOperand], QASMLocation)
    case conditional(QASMCondition, [QASMStatement], QASMLocation)

    var location: QASMLocation {
        switch self {
        case let .include(_, l), let .input(_, l), let .reset(_, l), let .barrier(_, l), let .conditional(_, _, l): return l
        case let .quantumRegister(_, _, l), let .classicalRegister(_, _, l): return l
        case let .gateDefinition(_, _, _, _, l): return l
        case let .gate(g): return g.location
        case let .globalPhase(_, _, _, l), let .measure(_, _, l): return l
        }
    }
}
