import Foundation

/// The value of an OpenQASM expression during lowering: `scale · input + offset` for at most
/// one run-time input (a constant when `input` is nil). This is exactly what a Quanta
/// `Parameter` can hold, so expressions that are not affine in a single input are errors.
struct QASMValue: Equatable {
    var input: Int?
    var scale: Double
    var offset: Double

    static func constant(_ v: Double) -> QASMValue { QASMValue(input: nil, scale: 0, offset: v) }

    var isConstant: Bool { input == nil }

    var parameter: Parameter {
        guard let i = input else { return .constant(offset) }
        return Parameter(source: .input(i), scale: scale, offset: offset)
    }

    init(input: Int?, scale: Double, offset: Double) {
        // x − x and 0·x are constants.
        if scale == 0 { self.input = nil } else { self.input = input }
        self.scale = self.input == nil ? 0 : scale
        self.offset = offset
    }
}

/// Evaluates expressions to `QASMValue`s given the names in scope.
struct QASMEvaluator {
    var version: Int
    /// Gate parameters (inside a body) or run-time inputs (at the top level).
    var names: [String: QASMValue]
    var inputNames: [String]

    static let constants2: [String: Double] = ["pi": .pi]
    static let constants3: [String: Double] = ["pi": .pi, "π": .pi, "tau": 2 * .pi, "τ": 2 * .pi, "euler": M_E, "ℇ": M_E]

    func describe(_ v: QASMValue) -> String {
        guard let i = v.input else { return "a constant" }
        return "input '\(i < inputNames.count ? inputNames[i] : "x\(i)")'"
    }

    func notAffine(_ what: String, _ loc: QASMLocation, _ construct: String) -> QASMError {
        loc.error(construct, "\(what) is not supported: a Quanta gate parameter must be a·x + b of at most one input")
    }

    func evaluate(_ e: QASMExpr) throws -> QASMValue {
        let v = try eval(e)
        guard v.offset.isFinite, v.scale.isFinite else {
            throw e.location.error("expression", "expression evaluates to a non-finite value")
        }
        return v
    }

    private func eval(_ e: QASMExpr) throws -> QASMValue {
        switch e {
        case let .number(v, _):
            return .constant(v)
        case let .name(n, loc):
            if let v = names[n] { return v }
            if let c = (version == 2 ? Self.constants2 : Self.constants3)[n] { return .constant(c) }
            throw loc.error(n, "unknown name '\(n)' in an expression")
        case let .unary(_, x, _):
            let v = try eval(x)
            return QASMValue(input: v.input, scale: -v.scale, offset: -v.offset)
        case let .binary(op, l, r, loc):
            let a = try eval(l), b = try eval(r)
            switch op {
            case "+", "-":
                let s: Double = op == "+" ? 1 : -1
                if let i = a.input, let j = b.input, i != j {
                    throw notAffine("'\(op)' of \(describe(a)) and \(describe(b))", loc, op)
                }
                return QASMValue(input: a.input ?? b.input, scale: a.scale + s * b.scale, offset: a.offset + s * b.offset)
            case "*":
                if !a.isConstant && !b.isConstant { throw notAffine("a product of inputs", loc, op) }
                let (k, x) = a.isConstant ? (a.offset, b) : (b.offset, a)
                return QASMValue(input: x.input, scale: k * x.scale, offset: k * x.offset)
            case "/":
                guard b.isConstant else { throw notAffine("division by \(describe(b))", loc, op) }
                guard b.offset != 0 else { throw loc.error("/", "division by zero") }
                return QASMValue(input: a.input, scale: a.scale / b.offset, offset: a.offset / b.offset)
            default:
                guard a.isConstant && b.isConstant else { throw notAffine("a power of \(describe(a.isConstant ? b : a))", loc, "^") }
                return .constant(pow(a.offset, b.offset))
            }
        case let .call(f, args, loc):
            let unary: [String: (Double) -> Double] = [
                "sin": sin, "cos": cos, "tan": tan, "exp": exp, "ln": log, "sqrt": { $0.squareRoot() },
            ]
            let unary3: [String: (Double) -> Double] = ["arcsin": asin, "arccos": acos, "arctan": atan, "log": log]
            guard let fn = unary[f] ?? (version == 3 ? unary3[f] : nil) else {
                throw loc.error(f, "unknown function '\(f)'")
            }
            guard args.count == 1 else { throw loc.error(f, "'\(f)' takes 1 argument, got \(args.count)") }
            let v = try eval(args[0])
            guard v.isConstant else { throw notAffine("'\(f)' of \(describe(v))", loc, f) }
            return .constant(fn(v.offset))
        }
    }

    /// A constant integer (register index, pow exponent).
    func integer(_ e: QASMExpr, _ what: String) throws -> Int {
        let v = try evaluate(e)
        guard v.isConstant else { throw e.location.error(what, "\(what) must be a constant") }
        guard v.offset == v.offset.rounded(), abs(v.offset) < 1e15 else {
            throw e.location.error(what, "\(what) must be an integer, got \(v.offset)")
        }
        return Int(v.offset)
    }
}
