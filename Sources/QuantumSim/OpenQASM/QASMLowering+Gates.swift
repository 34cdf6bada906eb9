/// Gate definitions and calls: user gates (expanded in place), modifiers, the standard libraries.
extension QASMLowering {
    mutating func define(_ name: String, _ params: [String], _ qubitNames: [String], _ body: [QASMStatement],
                         _ loc: QASMLocation) throws {
        // Files written for the original qelib1.inc define the gates Qiskit added to it
        // (p, sx, cu, rzz …) themselves; such a definition replaces the library's.
        let replacesExtension = version == 2 && Self.qelib1Extensions.contains(name) && !userDefined.contains(name)
        guard !isDeclared(name) || replacesExtension else { throw loc.error(name, "gate '\(name)' is already defined") }
        userDefined.insert(name)
        guard Set(params).count == params.count else { throw loc.error(name, "repeated parameter name in gate '\(name)'") }
        guard Set(qubitNames).count == qubitNames.count else { throw loc.error(name, "repeated qubit name in gate '\(name)'") }
        guard !qubitNames.isEmpty else { throw loc.error(name, "gate '\(name)' has no qubit arguments") }
        // Only gates defined before this one are visible, so a body cannot recurse.
        var cost = 0
        let evaluator = QASMEvaluator(version: version, names: Dictionary(uniqueKeysWithValues: params.map { ($0, QASMValue(input: nil, scale: 0, offset: 0)) }),
                                      inputNames: [])
        for s in body {
            switch s {
            case let .gate(call):
                for o in call.operands {
                    guard o.index == nil else { throw o.location.error(o.name, "indexing qubits is not allowed in a gate body") }
                    guard qubitNames.contains(o.name) else {
                        throw o.location.error(o.name, "unknown qubit '\(o.name)' in the body of gate '\(name)'")
                    }
                }
                guard let g = gates[call.name] else { throw unknownGate(call.name, call.location) }
                var c = g.cost
                for (m, _) in call.modifiers {
                    if case let .pow(e) = m, let k = try? evaluator.integer(e, "pow exponent") { c = c.multipliedReportingOverflow(by: max(1, abs(k))).overflow ? Int.max / 4 : c * max(1, abs(k)) }
                    if case .negctrl = m { c += 2 }
                }
                cost = min(Int.max / 4, cost + min(c, Int.max / 4))
            case let .globalPhase(_, _, operands, _):
                for o in operands where !qubitNames.contains(o.name) || o.index != nil {
                    throw o.location.error(o.name, "unknown qubit '\(o.name)' in the body of gate '\(name)'")
                }
                cost += 1
            case let .barrier(operands, _):
                for o in operands where !qubitNames.contains(o.name) || o.index != nil {
                    throw o.location.error(o.name, "unknown qubit '\(o.name)' in the body of gate '\(name)'")
                }
            default:
                throw s.location.error("gate", "unsupported statement in the body of gate '\(name)'")
            }
        }
        gates[name] = .user(parameters: params, qubits: qubitNames, body: body, cost: cost)
    }

    /// Gates of Qiskit's qelib1.inc that the original OpenQASM 2 library lacks.
    static let qelib1Extensions: Set<String> = ["u0", "u", "p", "sx", "sxdg", "swap", "cswap", "crx", "cry", "cp", "csx", "cu",
                                                "rxx", "rzz", "rccx", "rc3x", "c3x", "c3sqrtx", "c4x"]

    func unknownGate(_ name: String, _ loc: QASMLocation) -> QASMError {
        let library = version == 2 ? "qelib1.inc" : "stdgates.inc"
        if !includedLibrary, (version == 2 ? Self.qelib1 : Self.stdgates)[name] != nil {
            return loc.error(name, "unknown gate '\(name)' (it is in \(library): add include \"\(library)\";)")
        }
        if name == "opaque" { return loc.error(name, "unsupported construct 'opaque'") }
        return loc.error(name, "unknown gate '\(name)'")
    }

    mutating func include(_ file: String, _ loc: QASMLocation) throws {
        let expected = version == 2 ? "qelib1.inc" : "stdgates.inc"
        guard file == expected else {
            if file == "qelib1.inc" && !declaresVersion {
                throw loc.error("include", "\"qelib1.inc\" is the OpenQASM 2 library, but the file has no OPENQASM line "
                    + "and is read as OpenQASM 3: add `OPENQASM 2.0;` as its first line")
            }
            if file == "qelib1.inc" || file == "stdgates.inc" {
                throw loc.error("include", "\"\(file)\" is not the standard library of OpenQASM \(version) (use \"\(expected)\")")
            }
            throw loc.error("include", "cannot include \"\(file)\": only \"\(expected)\" is available")
        }
        guard !includedLibrary else { throw loc.error("include", "\"\(file)\" is included twice") }
        includedLibrary = true
        for (name, g) in version == 2 ? Self.qelib1 : Self.stdgates { gates[name] = g }
        if version == 2 {
            // rccx and rc3x are relative-phase Toffolis, defined by their qelib1.inc bodies.
            var parser = QASMParser(tokens: try QASMLexer.tokenize(Self.qelib1Bodies))
            parser.version = 2
            for s in try parser.parseProgram() { try lower(s) }
            userDefined.subtract(["rccx", "rc3x"])
        }
    }

    /// Appends the instructions of one gate call on resolved qubits.
    mutating func apply(_ name: String, args: [QASMValue], qubits: [Int], modifiers: [(QASMModifier, QASMLocation)],
                        location loc: QASMLocation, into out: inout [Instruction]) throws {
        guard let g = gates[name] else { throw unknownGate(name, loc) }
        guard args.count == g.parameterCount else {
            throw loc.error(name, "gate '\(name)' takes \(g.parameterCount) parameter\(g.parameterCount == 1 ? "" : "s"), got \(args.count)")
        }
        let controls = try controlCount(modifiers)
        guard qubits.count == g.qubitCount + controls else {
            throw loc.error(name, "gate '\(name)'\(controls > 0 ? " with \(controls) control\(controls == 1 ? "" : "s")" : "") acts on \(g.qubitCount + controls) qubits, got \(qubits.count)")
        }
        guard Set(qubits).count == qubits.count else { throw loc.error(name, "the same qubit is used twice in '\(name)'") }
        try checkBudget(g.cost, modifiers, loc, name)
        var body: [Instruction] = []
        let targets = Array(qubits[controls...])
        switch g {
        case let .native(_, _, build):
            body = build(args.map(\.parameter), targets)
        case let .user(params, qubitNames, statements, _):
            var env: [String: QASMValue] = [:]
            for (p, a) in zip(params, args) { env[p] = a }
            let evaluator = QASMEvaluator(version: version, names: env, inputNames: inputNames)
            var qmap: [String: Int] = [:]
            for (n, q) in zip(qubitNames, targets) { qmap[n] = q }
            for s in statements {
                switch s {
                case let .gate(call):
                    let a = try call.arguments.map { try evaluator.evaluate($0) }
                    try apply(call.name, args: a, qubits: call.operands.map { qmap[$0.name]! }, modifiers: call.modifiers,
                              location: call.location, into: &body)
                case let .globalPhase(mods, e, operands, l):
                    try globalPhase(try evaluator.evaluate(e), qubits: operands.map { qmap[$0.name]! }, modifiers: mods,
                                    location: l, into: &body)
                default:
                    break
                }
            }
        }
        try applyModifiers(modifiers, controls: Array(qubits[..<controls]), to: &body)
        out += body
    }

    /// `gphase(θ)` with optional modifiers; its operands are the controls.
    mutating func globalPhase(_ angle: QASMValue, qubits: [Int], modifiers: [(QASMModifier, QASMLocation)],
                              location loc: QASMLocation, into out: inout [Instruction]) throws {
        let controls = try controlCount(modifiers)
        guard qubits.count == controls else {
            throw loc.error("gphase", "gphase with \(controls) control\(controls == 1 ? "" : "s") takes \(controls) qubits, got \(qubits.count)")
        }
        guard Set(qubits).count == qubits.count else { throw loc.error("gphase", "the same qubit is used twice in 'gphase'") }
        try checkBudget(1, modifiers, loc, "gphase")
        var body = [Instruction(.globalPhase, targets: [], parameters: [angle.parameter])]
        try applyModifiers(modifiers, controls: qubits, to: &body)
        out += body
    }

    func controlCount(_ modifiers: [(QASMModifier, QASMLocation)]) throws -> Int {
        modifiers.reduce(0) { acc, m in
            switch m.0 {
            case let .ctrl(n), let .negctrl(n): return acc + n
            default: return acc
            }
        }
    }

    /// Rejects a call whose expansion would exceed `maxOperations` before expanding it.
    func checkBudget(_ cost: Int, _ modifiers: [(QASMModifier, QASMLocation)], _ loc: QASMLocation, _ name: String) throws {
        var c = Double(cost)
        let evaluator = QASMEvaluator(version: version, names: [:], inputNames: [])
        for (m, _) in modifiers {
            if case let .pow(e) = m, let k = try? evaluator.integer(e, "pow exponent") { c *= Double(max(1, abs(k))) }
        }
        if Double(emitted) + c > Double(Self.maxOperations) {
            throw loc.error(name, "'\(name)' expands to more than \(Self.maxOperations) operations")
        }
    }

    /// Applies modifiers right to left (`ctrl @ inv @ g` = ctrl(inv(g))); control qubits are
    /// taken left to right by the ctrl/negctrl modifiers in order.
    func applyModifiers(_ modifiers: [(QASMModifier, QASMLocation)], controls: [Int], to body: inout [Instruction]) throws {
        var slices: [[Int]] = []
        var next = 0
        for (m, _) in modifiers {
            switch m {
            case let .ctrl(n), let .negctrl(n): slices.append(Array(controls[next..<(next + n)])); next += n
            default: slices.append([])
            }
        }
        for (k, (m, loc)) in modifiers.enumerated().reversed() {
            switch m {
            case .inv:
                body = body.reversed().map(\.adjoint)
            case let .pow(e):
                let v = try QASMEvaluator(version: version, names: [:], inputNames: inputNames).evaluate(e)
                guard v.isConstant, v.offset == v.offset.rounded(), abs(v.offset) <= Double(Self.maxOperations) else {
                    throw loc.error("pow", "pow(\(v.isConstant ? "\(v.offset)" : "input")) is not supported: the exponent must be a constant integer")
                }
                let k = Int(v.offset)
                let base = k < 0 ? body.reversed().map(\.adjoint) : body
                guard base.count * abs(k) <= Self.maxOperations else {
                    throw loc.error("pow", "pow(\(k)) expands to more than \(Self.maxOperations) operations")
                }
                body = Array([[Instruction]](repeating: base, count: abs(k)).joined())
            case .ctrl:
                body = body.map { var op = $0; op.controls = slices[k] + op.controls; return op }
            case .negctrl:
                let flips = slices[k].map { Instruction(.x, targets: [$0]) }
                body = flips + body.map { var op = $0; op.controls = slices[k] + op.controls; return op } + flips
            }
        }
    }
}
