/// A graph isomorphism network layer (Xu, Hu, Leskovec & Jegelka 2019) on a batch of graphs
/// packed into one tensor [B, N, N + 1 + F]: per graph the N×N adjacency, a column that is 1 for
/// the nodes present (graphs smaller than N are padded), then F node features. Output
/// [B, N, N + 1 + F'] with the adjacency and mask passed on and
/// h'_v = mask_v · MLP((1 + ε)·h_v + Σ_u A_vu·h_u), the neighbour sum one batched matrix product
/// A·H, the MLP Linear → ReLU → Linear; ε is learnt. Relabelling the nodes permutes the rows of
/// the output the same way. O(B·N²·F + B·N·F·hidden).
public final class GINConvolution<Scalar: TensorScalar>: Layer {
    public let nodes: Int
    public let inputFeatures: Int
    public let first: Linear<Scalar>
    public let second: Linear<Scalar>
    public let epsilon: Variable<Scalar>
    public var isTraining = true

    public init(nodes: Int, inputFeatures: Int, outputFeatures: Int, hidden: Int, rng: inout RandomGenerator) {
        self.nodes = nodes
        self.inputFeatures = inputFeatures
        first = Linear(inputFeatures, hidden, rng: &rng)
        second = Linear(hidden, outputFeatures, rng: &rng)
        epsilon = Variable(Tensor(shape: [1], scalars: [0]), requiresGrad: true)
    }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let (b, n, f) = (x.shape[0], nodes, inputFeatures)
        precondition(x.shape.count == 3 && x.shape[1] == n && x.shape[2] == n + 1 + f,
                     "GINConvolution: graphs of \(n) nodes and \(f) features come as [B, \(n), \(n + 1 + f)], got \(x.shape)")
        let structure = x.sliced([0..<b, 0..<n, 0..<(n + 1)])
        let adjacency = x.sliced([0..<b, 0..<n, 0..<n])
        let mask = x.sliced([0..<b, 0..<n, n..<(n + 1)])
        let h = x.sliced([0..<b, 0..<n, (n + 1)..<(n + 1 + f)])
        let combined = h + h * epsilon + adjacency.matmul(h)
        let hidden = first(combined.reshaped([b * n, f])).relu()
        let out = second(hidden)
        let features = out.reshaped([b, n, out.shape[1]]) * mask
        return Variable.concatenated([structure, features], axis: 2)
    }

    public var namedParameters: [(name: String, variable: Variable<Scalar>)] {
        [("epsilon", epsilon)] + first.namedParameters.map { ("first.\($0.name)", $0.variable) }
            + second.namedParameters.map { ("second.\($0.name)", $0.variable) }
    }
}

/// The graph read-out after `GINConvolution`s: the sum of the present nodes' features,
/// [B, N, N + 1 + F] → [B, F]; invariant under relabelling the nodes.
public final class GraphSumReadout<Scalar: TensorScalar>: StatelessLayer {
    public let nodes: Int

    public init(nodes: Int) { self.nodes = nodes }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let (b, n) = (x.shape[0], nodes)
        let mask = x.sliced([0..<b, 0..<n, n..<(n + 1)])
        let h = x.sliced([0..<b, 0..<n, (n + 1)..<x.shape[2]])
        return (h * mask).sum(axes: [1])
    }
}
