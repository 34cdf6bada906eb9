extension Variable {
    /// Reverse-mode sweep from this variable: accumulates ∂self/∂leaf into every leaf's
    /// `grad` that requires one. `seed` is ∂loss/∂self (defaults to ones, so a scalar loss
    /// needs none). O(size of the recorded graph).
    public func backward(seed: Tensor<Scalar>? = nil) {
        let seed = seed ?? Tensor(repeating: 1, shape: shape)
        precondition(seed.shape == shape, "backward: seed shape \(seed.shape) does not match \(shape)")
        guard requiresGrad else { return }
        let tape = topologicalOrder()
        var grads: [ObjectIdentifier: Tensor<Scalar>] = [ObjectIdentifier(self): seed]
        for node in tape.reversed() {
            guard let g = grads.removeValue(forKey: ObjectIdentifier(node)) else { continue }
            guard let op = node.op else {
                node.grad = node.grad.map { $0 + g } ?? g
                continue
            }
            let inputGrads = op.gradients(inputs: node.inputs.map(\.value), output: node.value, gradOutput: g,
                                          needed: node.inputs.map(\.requiresGrad))
            for (input, grad) in Swift.zip(node.inputs, inputGrads) where input.requiresGrad {
                guard let grad else { continue }
                assert(grad.shape == input.shape, "gradient rule for \(op) produced \(grad.shape) for input \(input.shape)")
                let key = ObjectIdentifier(input)
                grads[key] = grads[key].map { $0 + grad } ?? grad
            }
        }
    }

    /// The recorded graph below `self` in an order where every node follows its inputs:
    /// the tape that the backward sweep walks in reverse. Iterative, so deep graphs don't
    /// overflow the stack.
    func topologicalOrder() -> [Variable] {
        var order: [Variable] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Variable, Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded { order.append(node); continue }
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for input in node.inputs where input.requiresGrad && !visited.contains(ObjectIdentifier(input)) {
                stack.append((input, false))
            }
        }
        return order
    }
}

/// Gradients of a scalar `output` with respect to `inputs`, without touching their `grad`.
public func gradients<Scalar>(of output: Variable<Scalar>, wrt inputs: [Variable<Scalar>]) -> [Tensor<Scalar>] {
    let saved = inputs.map(\.grad)
    inputs.forEach { $0.grad = nil }
    output.backward()
    let result = inputs.map { $0.grad ?? Tensor(repeating: 0, shape: $0.shape) }
    for (input, grad) in Swift.zip(inputs, saved) { input.grad = grad }
    return result
}
