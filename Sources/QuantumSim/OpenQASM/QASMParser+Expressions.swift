/// Expression grammar (lowest precedence first):
///
///     sum     := product (('+' | '-') product)*
///     product := unary (('*' | '/') unary)*
///     unary   := '-' unary | '+' unary | power
///     power   := primary (('^' | '**') unary)?        right-associative
///     primary := number | name | name '(' args ')' | '(' sum ')'
///
/// `^` is power in OpenQASM 2 only (in OpenQASM 3 it is XOR, which is not supported).
extension QASMParser {
    mutating func expression() throws -> QASMExpr {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else {
            throw current.location.error("expression", "expression nested more than \(Self.maxDepth) levels deep")
        }
        var lhs = try product()
        while current.kind == .symbol, current.text == "+" || current.text == "-" {
            let op = next()
            lhs = .binary(op.text, lhs, try product(), op.location)
        }
        return lhs
    }

    mutating func product() throws -> QASMExpr {
        var lhs = try unary()
        while current.kind == .symbol, current.text == "*" || current.text == "/" {
            let op = next()
            lhs = .binary(op.text, lhs, try unary(), op.location)
        }
        if current.kind == .symbol, ["%", "&", "|", "<<", ">>", "&&", "||", "<", ">", "<=", ">=", "!="].contains(current.text) {
            throw current.location.error(current.text, "unsupported operator '\(current.text)' in an expression")
        }
        return lhs
    }

    mutating func unary() throws -> QASMExpr {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else {
            throw current.location.error("expression", "expression nested more than \(Self.maxDepth) levels deep")
        }
        if current.kind == .symbol, current.text == "-" || current.text == "+" {
            let op = next()
            let e = try unary()
            return op.text == "-" ? .unary("-", e, op.location) : e
        }
        if current.kind == .symbol, current.text == "~" || current.text == "!" {
            throw current.location.error(current.text, "unsupported operator '\(current.text)' in an expression")
        }
        return try power()
    }

    mutating func power() throws -> QASMExpr {
        let base = try primary()
        if current.kind == .symbol, current.text == "^" || current.text == "**" {
            if current.text == "^" && version == 3 {
                throw current.location.error("^", "'^' is bitwise XOR in OpenQASM 3 and is not supported; use '**' for powers")
            }
            if current.text == "**" && version == 2 {
                throw current.location.error("**", "'**' is OpenQASM 3; OpenQASM 2 writes powers with '^'")
            }
            let op = next()
            return .binary("^", base, try unary(), op.location)
        }
        return base
    }

    mutating func primary() throws -> QASMExpr {
        let t = current
        switch t.kind {
        case .integer, .real:
            _ = next()
            guard let v = Double(t.text), v.isFinite else {
                let isDuration = t.text.first?.isNumber == true && t.text.last?.isLetter == true
                throw t.location.error(t.text, isDuration ? "unsupported construct: duration literal '\(t.text)'" : "invalid number '\(t.text)'")
            }
            return .number(v, t.location)
        case .identifier:
            _ = next()
            if accept("(") {
                var args: [QASMExpr] = []
                if !isSymbol(")") {
                    args.append(try expression())
                    while accept(",") { args.append(try expression()) }
                }
                try expect(")", "after the function arguments")
                return .call(t.text, args, t.location)
            }
            if isSymbol("[") { throw current.location.error(t.text, "indexing '\(t.text)[…]' is not supported in an expression") }
            return .name(t.text, t.location)
        case .symbol where t.text == "(":
            _ = next()
            let e = try expression()
            try expect(")", "to close the parenthesis")
            return e
        default:
            throw t.location.error(t.text.isEmpty ? "expression" : t.text, "expected an expression, found \(t.describe)")
        }
    }
}
