/// Branches run side by side, their outputs [N, k_i] concatenated along axis 1 into
/// [N, Σ k_i]. Each branch gets the whole input (`.shared`) or its own slice of axis 1
/// (`.slices([s₁, s₂, …])`, Σ s_i = the input's width): four parallel circuits on 20
/// features, say. Children are named by index ("0", "1", …).
public final class Parallel<Scalar: TensorScalar>: LayerContainer {
    /// What each branch sees.
    public enum Input: Sendable, Equatable {
        case shared
        /// Consecutive widths along axis 1, one per branch.
        case slices([Int])
    }

    public let branches: [any Layer<Scalar>]
    public let input: Input

    public init(_ branches: [any Layer<Scalar>], input: Input = .shared) {
        if case .slices(let widths) = input {
            precondition(widths.count == branches.count && widths.allSatisfy { $0 > 0 },
                         "Parallel: \(branches.count) branches need as many positive slice widths, got \(widths)")
        }
        self.branches = branches
        self.input = input
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let outputs: [Variable<Scalar>]
        switch input {
        case .shared:
            outputs = branches.map { $0(x) }
        case .slices(let widths):
            precondition(x.shape.count >= 2 && x.shape[1] == widths.reduce(0) { $0 + $1 },
                         "Parallel: input \(x.shape) does not split into widths \(widths) along axis 1")
            var start = 0
            outputs = zip(branches, widths).map { branch, width in
                var ranges = x.shape.map { 0..<$0 }
                ranges[1] = start..<(start + width)
                start += width
                return branch(x.sliced(ranges))
            }
        }
        return Variable.concatenated(outputs, axis: 1)
    }

    public var children: [(name: String, layer: any Layer<Scalar>)] {
        branches.enumerated().map { ("\($0)", $1) }
    }

    public func replacingChildren(_ layers: [any Layer<Scalar>]) -> any Layer<Scalar> { Parallel(layers, input: input) }
}
