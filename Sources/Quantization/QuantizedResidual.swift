/// An integer residual block: `body` and `shortcut` (nil: the identity) run on the same codes and
/// `add` sums their outputs (with the block's ReLU fused).
public struct QuantizedResidual: Sendable {
    /// The block's path in the float model ("4"), naming its tensors in files.
    public let name: String
    public let body: [QuantizedModel.Operation]
    public let shortcut: [QuantizedModel.Operation]?
    public let add: QuantizedAdd

    public init(name: String, body: [QuantizedModel.Operation], shortcut: [QuantizedModel.Operation]?, add: QuantizedAdd) {
        self.name = name
        self.body = body
        self.shortcut = shortcut
        self.add = add
    }
}
