/// Where a gate parameter's value comes from at execution time.
public enum ParameterSource: Hashable, Sendable {
    /// A fixed number (the value is the parameter's `offset`).
    case constant
    /// Trainable weight `index` of the weight vector passed at execution.
    case weight(Int)
    /// Input feature `index` of the per-sample input vector passed at execution.
    case input(Int)
}

/// A gate parameter: the affine map `scale · source + offset` of a constant, a trainable weight
/// or an input feature. Parameters are bound when a circuit runs, so one circuit serves a batch.
///
/// Build with `.constant(0.3)`, `.weight(2)`, `.input(0)`, and arithmetic
/// (`2 * .input(0) + 0.5`, `-.weight(1)`); a Double literal is a constant.
public struct Parameter: Hashable, Sendable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    /// The source p.
    public var source: ParameterSource
    /// a in a·p + b.
    public var scale: Double
    /// b in a·p + b.
    public var offset: Double

    /// `scale · source + offset`.
    public init(source: ParameterSource, scale: Double = 1, offset: Double = 0) {
        self.source = source
        self.scale = source == .constant ? 0 : scale
        self.offset = offset
    }
    public init(floatLiteral value: Double) { self.init(source: .constant, offset: value) }
    public init(integerLiteral value: Int) { self.init(source: .constant, offset: Double(value)) }

    /// A constant value.
    public static func constant(_ value: Double) -> Parameter { Parameter(source: .constant, offset: value) }
    /// Trainable weight `index`.
    public static func weight(_ index: Int) -> Parameter {
        precondition(index >= 0, "weight index must be ≥ 0, got \(index)")
        return Parameter(source: .weight(index))
    }
    /// Input feature `index`.
    public static func input(_ index: Int) -> Parameter {
        precondition(index >= 0, "input index must be ≥ 0, got \(index)")
        return Parameter(source: .input(index))
    }

    /// The value given the weight and input vectors.
    @inlinable public func value(weights: UnsafeBufferPointer<Double>, inputs: UnsafeBufferPointer<Double>) -> Double {
        switch source {
        case .constant: return offset
        case let .weight(i): return scale * weights[i] + offset
        case let .input(i): return scale * inputs[i] + offset
        }
    }

    /// True when the value does not depend on weights or inputs.
    public var isConstant: Bool { source == .constant }

    public static func * (a: Double, p: Parameter) -> Parameter {
        Parameter(source: p.source, scale: a * p.scale, offset: a * p.offset)
    }
    public static func + (p: Parameter, b: Double) -> Parameter {
        Parameter(source: p.source, scale: p.scale, offset: p.offset + b)
    }
    public static func - (p: Parameter, b: Double) -> Parameter { p + (-b) }
    public static prefix func - (p: Parameter) -> Parameter { -1 * p }
}
