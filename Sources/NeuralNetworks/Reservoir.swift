/// A fixed dynamical system driven by a series; a read-out (`RidgeRegression`, or a trained
/// `Linear`) learns from its states. Nothing inside a reservoir is trained.
public protocol Reservoir {
    /// Features per step, F.
    var inputSize: Int { get }
    /// State features per step.
    var featureCount: Int { get }
    /// The states after each step of `series` [T, F] (or [T] for F = 1), from rest: [T, featureCount].
    func states(driven series: Tensor<Float>) -> Tensor<Float>
}

/// A recurrent cell with fixed weights (an `EchoStateCell`, or a quantum cell made `frozen`)
/// driven step by step: its hidden state is the feature vector.
public struct CellReservoir: Reservoir {
    public let cell: any RecurrentCell<Float>

    public init(_ cell: any RecurrentCell<Float>) { self.cell = cell }

    public var inputSize: Int { cell.inputSize }
    public var featureCount: Int { cell.hiddenSize }

    public func states(driven series: Tensor<Float>) -> Tensor<Float> {
        let f = cell.inputSize
        let t = series.count / f
        precondition(series.count == t * f, "CellReservoir: series \(series.shape) is not [T, \(f)]")
        var state = cell.zeroState(batch: 1)
        var out = [Float]()
        out.reserveCapacity(t * featureCount)
        for k in 0..<t {
            let x = Tensor(shape: [1, f], scalars: Array(series.scalars[(k * f)..<((k + 1) * f)]))
            // Detached: the states are data, not a graph to differentiate through.
            state = cell.step(Variable(x), state).map { $0.detached() }
            out += state[0].value.scalars
        }
        return Tensor(shape: [t, featureCount], scalars: out)
    }

    /// The last hidden state of each window [N, T] or [N, T, F], every window from rest: [N, H].
    public func finalStates(windows: Tensor<Float>) -> Tensor<Float> {
        Recurrent(cell)(windows)
    }
}
