/// Why a second-order computation cannot run.
public enum AutodiffError: Error, Equatable, CustomStringConvertible {
    /// The graph holds a custom operation (`Variable.custom`), whose backward is code, not a
    /// composition of primitives, so its gradient cannot be differentiated again.
    case notTwiceDifferentiable(operation: String)

    public var description: String {
        switch self {
        case .notTwiceDifferentiable(let name):
            return "second derivatives are not available through the custom operation '\(name)' "
                + "(switch training-mode layers such as BatchNorm to evaluation first)"
        }
    }
}

extension Variable {
    /// The name of the first custom operation in the graph below `self`, if any.
    func firstCustomOperation() -> String? {
        for node in topologicalOrder() {
            if case .custom(let name, _)? = node.op { return name }
        }
        return nil
    }
}

/// ∂output/∂input for each of `inputs` as variables that are themselves recorded
/// computations of the inputs (PyTorch's `create_graph=True`): differentiating them again gives
/// second derivatives. `output` must be a scalar. O(size of the graph) forward, and the returned
/// graph is about twice the original.
/// - Throws: `AutodiffError.notTwiceDifferentiable` when the graph holds a custom operation.
public func gradientGraph<Scalar>(of output: Variable<Scalar>, wrt inputs: [Variable<Scalar>]) throws -> [Variable<Scalar>] {
    precondition(output.value.count == 1, "gradientGraph: output \(output.shape) is not a scalar")
    let zeros = { (v: Variable<Scalar>) in Variable(Tensor<Scalar>(repeating: 0, shape: v.shape)) }
    guard output.requiresGrad else { return inputs.map(zeros) }
    if let name = output.firstCustomOperation() { throw AutodiffError.notTwiceDifferentiable(operation: name) }
    var grads: [ObjectIdentifier: Variable<Scalar>] = [
        ObjectIdentifier(output): Variable(Tensor(repeating: 1, shape: output.shape)),
    ]
    var leafGrads: [ObjectIdentifier: Variable<Scalar>] = [:]
    for node in output.topologicalOrder().reversed() {
        guard let g = grads.removeValue(forKey: ObjectIdentifier(node)) else { continue }
        guard let op = node.op else {
            leafGrads[ObjectIdentifier(node)] = g
            continue
        }
        let inputGrads = op.gradientGraph(inputs: node.inputs, output: node, gradOutput: g,
                                          needed: node.inputs.map(\.requiresGrad))
        for (input, grad) in Swift.zip(node.inputs, inputGrads) where input.requiresGrad {
            guard let grad else { continue }
            let key = ObjectIdentifier(input)
            grads[key] = grads[key].map { $0 + grad } ?? grad
        }
    }
    return inputs.map { leafGrads[ObjectIdentifier($0)] ?? grads[ObjectIdentifier($0)] ?? zeros($0) }
}

/// The Hessian of the scalar `loss` with respect to `parameters`, applied to `vector` (one
/// tensor per parameter, shaped like it): H·v = ∇(∇L · v), by differentiating the gradient graph
/// (double backward). Exact; costs about two backward passes more than a gradient.
/// `loss` is built by the caller from the parameters (as variables that require gradients).
/// - Throws: `AutodiffError.notTwiceDifferentiable` when the graph holds a custom operation.
public func hessianVectorProduct<Scalar>(of loss: Variable<Scalar>, wrt parameters: [Variable<Scalar>],
                                         vector: [Tensor<Scalar>]) throws -> [Tensor<Scalar>] {
    precondition(vector.count == parameters.count, "hessianVectorProduct: \(vector.count) vectors for \(parameters.count) parameters")
    for (v, p) in Swift.zip(vector, parameters) {
        precondition(v.shape == p.shape, "hessianVectorProduct: vector \(v.shape) does not match parameter \(p.shape)")
    }
    let grads = try gradientGraph(of: loss, wrt: parameters)
    var dot: Variable<Scalar>? = nil
    for (g, v) in Swift.zip(grads, vector) where g.requiresGrad {
        let term = (g * Variable(v)).sum()
        dot = dot.map { $0 + term } ?? term
    }
    guard let dot else { return parameters.map { Tensor(repeating: 0, shape: $0.shape) } }
    return gradients(of: dot, wrt: parameters)
}
