/// A recurrent cell run over a sequence (backpropagation through time comes from the recorded
/// graph: every step's maps, quantum or classical, are differentiated in reverse order).
///
/// Input [N, T] (one feature per step) or [N, T, F]; the state starts at zero. Output: the last
/// hidden state [N, H] (sequence to one), or with `returnsSequence` every step's [N, T, H]
/// (sequence to sequence). Cost: T steps of the cell.
public final class Recurrent<Scalar: TensorScalar>: LayerContainer {
    public let cell: any RecurrentCell<Scalar>
    /// Every step's hidden state instead of the last one.
    public let returnsSequence: Bool

    public init(_ cell: any RecurrentCell<Scalar>, returnsSequence: Bool = false) {
        self.cell = cell
        self.returnsSequence = returnsSequence
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let steps = Self.steps(of: x, features: cell.inputSize)
        var state = cell.zeroState(batch: x.shape[0])
        var outputs: [Variable<Scalar>] = []
        for input in steps {
            state = cell.step(input, state)
            if returnsSequence { outputs.append(state[0]) }
        }
        return returnsSequence ? .stacked(outputs, axis: 1) : state[0]
    }

    /// The steps x[:, t] of a sequence [N, T] or [N, T, F], each [N, F].
    public static func steps(of x: Variable<Scalar>, features: Int) -> [Variable<Scalar>] {
        let shape = x.shape
        precondition(shape.count == 2 && features == 1 || shape.count == 3 && shape[2] == features,
                     "Recurrent: input \(shape) is not [N, T] or [N, T, \(features)]")
        let (n, t) = (shape[0], shape[1])
        let x3 = x.reshaped([n, t, features])
        return (0..<t).map { x3.sliced([0..<n, $0..<($0 + 1), 0..<features]).reshaped([n, features]) }
    }

    public var children: [(name: String, layer: any Layer<Scalar>)] { [("cell", cell)] }

    public func replacingChildren(_ layers: [any Layer<Scalar>]) -> any Layer<Scalar> {
        guard let cell = layers[0] as? any RecurrentCell<Scalar> else {
            preconditionFailure("Recurrent: its child must stay a recurrent cell")
        }
        return Recurrent(cell, returnsSequence: returnsSequence)
    }
}
