/// Recursive-descent parser for the supported subset of OpenQASM 2.0 and 3 (see
/// `OpenQASM.parse`). Errors name the construct, line and column.
struct QASMParser {
    var tokens: [QASMToken]
    var pos = 0
    /// 2 or 3 (3 when the header is omitted, as OpenQASM 3 allows).
    var version = 3
    /// Whether the file has an `OPENQASM` line.
    var declaresVersion = false
    var depth = 0

    static let maxDepth = 200

    /// Keywords of OpenQASM 3 outside the supported subset: using one is an error naming it.
    static let unsupportedKeywords: Set<String> = [
        "for", "while", "def", "defcal", "cal", "defcalgrammar", "let", "const", "box", "delay", "return", "break",
        "continue", "end", "extern", "duration", "stretch", "int", "uint", "float", "angle", "complex", "bool",
        "array", "output", "switch", "case", "default", "else", "opaque", "pragma", "durationof", "void", "mutable",
        "readonly", "nop",
    ]

    init(tokens: [QASMToken]) { self.tokens = tokens }

    var current: QASMToken { tokens[pos] }
    func peek(_ k: Int) -> QASMToken { tokens[min(pos + k, tokens.count - 1)] }

    mutating func next() -> QASMToken {
        let t = tokens[pos]
        if pos < tokens.count - 1 { pos += 1 }
        return t
    }

    /// The current token as an error's construct.
    var construct: String { current.kind == .end ? "end of file" : current.text }

    func isSymbol(_ s: String) -> Bool { current.kind == .symbol && current.text == s }
    func isWord(_ s: String) -> Bool { current.kind == .identifier && current.text == s }

    mutating func accept(_ s: String) -> Bool {
        if isSymbol(s) { pos += 1; return true }
        return false
    }

    mutating func expect(_ s: String, _ what: String) throws {
        guard accept(s) else {
            throw current.location.error(construct, "expected '\(s)' \(what), found \(current.describe)")
        }
    }

    mutating func identifier(_ what: String) throws -> (String, QASMLocation) {
        guard current.kind == .identifier else {
            throw current.location.error(construct, "expected \(what), found \(current.describe)")
        }
        let t = next()
        return (t.text, t.location)
    }

    mutating func nonNegativeInteger(_ what: String) throws -> Int {
        guard current.kind == .integer else {
            throw current.location.error(construct, "expected \(what) (a non-negative integer), found \(current.describe)")
        }
        let t = next()
        guard let v = Int(t.text) else { throw t.location.error(t.text, "\(what) \(t.text) is too large") }
        return v
    }

    // MARK: Program

    mutating func parseProgram() throws -> [QASMStatement] {
        if isWord("OPENQASM") {
            let loc = next().location
            let t = next()
            switch (t.kind, t.text) {
            case (.real, "2.0"), (.integer, "2"): version = 2
            case (.real, "3.0"), (.integer, "3"), (.real, "3.1"): version = 3
            default: throw t.location.error("OPENQASM", "unsupported OpenQASM version \(t.describe) (2.0 and 3 are supported)")
            }
            _ = loc
            declaresVersion = true
            try expect(";", "after the OPENQASM version")
        }
        var statements: [QASMStatement] = []
        while current.kind != .end {
            statements.append(try statement(topLevel: true))
        }
        return statements
    }

    mutating func statement(topLevel: Bool) throws -> QASMStatement {
        let t = current
        let loc = t.location
        if t.kind == .symbol {
            if t.text == "{" { throw loc.error("{", "unexpected '{' (scoped blocks are only supported after 'if')") }
            throw loc.error(t.text, "unexpected \(t.describe) at the start of a statement")
        }
        guard t.kind == .identifier else { throw loc.error(t.text, "unexpected \(t.describe) at the start of a statement") }
        switch t.text {
        case "OPENQASM":
            throw loc.error("OPENQASM", "the OPENQASM version must be the first statement")
        case "include":
            guard topLevel else { throw loc.error("include", "'include' is only allowed at the top level") }
            _ = next()
            guard current.kind == .string else { throw current.location.error("include", "expected a file name in quotes after 'include'") }
            let file = next().text
            try expect(";", "after the include file name")
            return .include(file, loc)
        case "qreg", "creg":
            guard topLevel else { throw loc.error(t.text, "'\(t.text)' is only allowed at the top level") }
            _ = next()
            let (name, _) = try identifier("a register name")
            try expect("[", "after the register name")
            let size = try nonNegativeInteger("register size")
            try expect("]", "after the register size")
            try expect(";", "after the register declaration")
            return t.text == "qreg" ? .quantumRegister(name: name, size: size, location: loc)
                : .classicalRegister(name: name, size: size, location: loc)
        case "qubit", "bit":
            try requireVersion3(t)
            guard topLevel else { throw loc.error(t.text, "'\(t.text)' declarations are only allowed at the top level") }
            _ = next()
            var size = 1
            if accept("[") {
                size = try nonNegativeInteger("register size")
                try expect("]", "after the register size")
            }
            let (name, _) = try identifier("a register name")
            if isSymbol("=") { throw current.location.error("=", "initialising a declaration is not supported; declare it, then assign") }
            try expect(";", "after the declaration")
            return t.text == "qubit" ? .quantumRegister(name: name, size: size, location: loc)
                : .classicalRegister(name: name, size: size, location: loc)
        case "input":
            try requireVersion3(t)
            guard topLevel else { throw loc.error("input", "'input' is only allowed at the top level") }
            _ = next()
            let (type, typeLoc) = try identifier("a type after 'input'")
            guard type == "float" || type == "angle" else {
                throw typeLoc.error(type, "unsupported input type '\(type)' (float and angle are supported)")
            }
            if accept("[") {
                _ = try nonNegativeInteger("type width")
                try expect("]", "after the type width")
            }
            let (name, _) = try identifier("an input name")
            try expect(";", "after the input declaration")
            return .input(name: name, location: loc)
        case "gate":
            guard topLevel else { throw loc.error("gate", "gate definitions are only allowed at the top level") }
            return try gateDefinition()
        case "measure":
            _ = next()
            let q = try operand("a qubit")
            var c: QASMOperand?
            if accept("->") { c = try operand("a bit") } else if version == 2 {
                throw current.location.error("measure", "expected '->' after the measured qubit, found \(current.describe)")
            }
            try expect(";", "after the measurement")
            return .measure(q, into: c, loc)
        case "reset":
            _ = next()
            let q = try operand("a qubit")
            try expect(";", "after 'reset'")
            return .reset(q, loc)
        case "barrier":
            _ = next()
            var ops: [QASMOperand] = []
            if !isSymbol(";") {
                ops.append(try operand("a qubit"))
                while accept(",") { ops.append(try operand("a qubit")) }
            } else if version == 2 {
                throw current.location.error("barrier", "expected qubits after 'barrier'")
            }
            try expect(";", "after the barrier")
            return .barrier(ops, loc)
        case "if":
            return try conditional()
        default:
            if Self.unsupportedKeywords.contains(t.text) {
                throw loc.error(t.text, "unsupported construct '\(t.text)'")
            }
            // `c = measure q;` / `c[0] = measure q[0];`
            if version == 3 && (peek(1).text == "=" || peek(1).text == "[") && peek(1).kind == .symbol && looksLikeAssignment() {
                let target = try operand("a bit")
                let eq = current
                try expect("=", "in the assignment")
                guard isWord("measure") else {
                    throw eq.location.error("=", "unsupported classical assignment (only 'bit = measure qubit;' is supported)")
                }
                _ = next()
                let q = try operand("a qubit")
                try expect(";", "after the measurement")
                return .measure(q, into: target, loc)
            }
            return try gateStatement()
        }
    }

    func requireVersion3(_ t: QASMToken) throws {
        if version == 2 { throw t.location.error(t.text, "'\(t.text)' is OpenQASM 3; this file declares OPENQASM 2.0") }
    }

    /// Whether the tokens from here read `name =` or `name[...] =`.
    func looksLikeAssignment() -> Bool {
        var k = 1
        if peek(1).text == "[" {
            var level = 0
            while pos + k < tokens.count {
                let t = peek(k)
                if t.kind == .end || t.text == ";" { return false }
                if t.text == "[" { level += 1 }
                if t.text == "]" { level -= 1; if level == 0 { break } }
                k += 1
            }
            k += 1
        }
        return peek(k).kind == .symbol && peek(k).text == "="
    }
}
