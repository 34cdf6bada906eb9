/// A checkpoint's optimiser state did not fit the optimiser.
public struct OptimizerStateError: Error, CustomStringConvertible {
    public let description: String
}
