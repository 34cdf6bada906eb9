/// `if`, gate definitions, gate calls with modifiers, and operands.
extension QASMParser {
    mutating func conditional() throws -> QASMStatement {
        let loc = next().location
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw loc.error("if", "'if' nested more than \(Self.maxDepth) levels deep") }
        try expect("(", "after 'if'")
        let reg = try operand("a classical register")
        let valueLoc: QASMLocation
        let value: Int
        if version == 3 && isSymbol(")") {
            // `if (c[0])`
            valueLoc = current.location
            value = 1
        } else {
            try expect("==", "in the condition (only 'register == integer' is supported)")
            valueLoc = current.location
            if version == 3 && (isWord("true") || isWord("false")) {
                value = next().text == "true" ? 1 : 0
            } else {
                value = try nonNegativeInteger("comparison value")
            }
        }
        try expect(")", "after the condition")
        let condition = QASMCondition(operand: reg, value: value, location: valueLoc)
        var body: [QASMStatement] = []
        if version == 3 && accept("{") {
            while !isSymbol("}") {
                if current.kind == .end { throw current.location.error("if", "missing '}' to close the 'if' block") }
                body.append(try statement(topLevel: false))
            }
            _ = next()
        } else {
            body.append(try statement(topLevel: false))
        }
        if isWord("else") { throw current.location.error("else", "unsupported construct 'else'") }
        return .conditional(condition, body, loc)
    }

    mutating func gateDefinition() throws -> QASMStatement {
        let loc = next().location
        let (name, _) = try identifier("a gate name")
        var params: [String] = []
        if accept("(") {
            if !isSymbol(")") {
                params.append(try identifier("a parameter name").0)
                while accept(",") { params.append(try identifier("a parameter name").0) }
            }
            try expect(")", "after the gate parameters")
        }
        var qubits: [String] = []
        if !isSymbol("{") {
            qubits.append(try identifier("a qubit name").0)
            while accept(",") { qubits.append(try identifier("a qubit name").0) }
        }
        try expect("{", "to open the gate body")
        var body: [QASMStatement] = []
        while !isSymbol("}") {
            if current.kind == .end { throw current.location.error("gate", "missing '}' to close the body of gate '\(name)'") }
            let s = try statement(topLevel: false)
            switch s {
            case .gate, .globalPhase, .barrier: body.append(s)
            case .measure: throw s.location.error("measure", "'measure' is not allowed in a gate body")
            case .reset: throw s.location.error("reset", "'reset' is not allowed in a gate body")
            case .conditional: throw s.location.error("if", "'if' is not allowed in a gate body")
            default: throw s.location.error("gate", "only gate calls and barriers are allowed in a gate body")
            }
        }
        _ = next()
        return .gateDefinition(name: name, parameters: params, qubits: qubits, body: body, location: loc)
    }

    mutating func gateStatement() throws -> QASMStatement {
        let loc = current.location
        var modifiers: [(QASMModifier, QASMLocation)] = []
        while current.kind == .identifier, ["ctrl", "negctrl", "inv", "pow"].contains(current.text),
              peek(1).text == "@" || peek(1).text == "(" {
            let m = next()
            try requireVersion3(m)
            switch m.text {
            case "inv": modifiers.append((.inv, m.location))
            case "pow":
                try expect("(", "after 'pow'")
                let e = try expression()
                try expect(")", "after the pow exponent")
                modifiers.append((.pow(e), m.location))
            default:
                var n = 1
                if accept("(") {
                    n = try nonNegativeInteger("control count")
                    guard n >= 1 && n <= 64 else { throw m.location.error(m.text, "control count must be 1...64, got \(n)") }
                    try expect(")", "after the control count")
                }
                modifiers.append((m.text == "ctrl" ? .ctrl(n) : .negctrl(n), m.location))
            }
            try expect("@", "after the gate modifier")
        }
        let (name, nameLoc) = try identifier("a gate name")
        var args: [QASMExpr] = []
        if accept("(") {
            if !isSymbol(")") {
                args.append(try expression())
                while accept(",") { args.append(try expression()) }
            }
            try expect(")", "after the gate arguments")
        }
        var operands: [QASMOperand] = []
        if !isSymbol(";") {
            operands.append(try operand("a qubit"))
            while accept(",") { operands.append(try operand("a qubit")) }
        }
        try expect(";", "after the gate call")
        if name == "gphase" && version == 3 {
            guard args.count == 1 else { throw nameLoc.error("gphase", "gphase takes 1 argument, got \(args.count)") }
            return .globalPhase(modifiers: modifiers, args[0], operands: operands, loc)
        }
        if operands.isEmpty { throw nameLoc.error(name, "gate '\(name)' needs qubit operands") }
        return .gate(QASMGateCall(modifiers: modifiers, name: name, arguments: args, operands: operands, location: nameLoc))
    }

    mutating func operand(_ what: String) throws -> QASMOperand {
        let t = current
        if t.kind == .identifier, t.text.hasPrefix("$") {
            throw t.location.error(t.text, "physical qubits ('\(t.text)') are not supported")
        }
        let (name, loc) = try identifier(what)
        var index: QASMExpr?
        if accept("[") {
            index = try expression()
            if isSymbol(":") || isSymbol(",") { throw current.location.error(construct, "register slices are not supported") }
            try expect("]", "after the index")
        }
        return QASMOperand(name: name, index: index, location: loc)
    }
}
