extension Variable {
    /// A differentiable operation whose forward value and vector–Jacobian product are computed
    /// outside the engine — for example a simulated quantum circuit, whose backward pass is one
    /// adjoint sweep per sample rather than a composition of primitives.
    ///
    /// The caller computes `value` from `inputs`' values; `backward(g, needed)` receives
    /// g = ∂loss/∂value (shaped like `value`) and which inputs need a gradient, and returns
    /// ∂loss/∂input for each input (shaped like it), or nil where not needed. The closure
    /// may capture whatever the forward pass cached. Records nothing when no input needs a
    /// gradient. Check a new operation with `gradcheck`.
    ///
    /// ```swift
    /// // y = x³ element-wise, with its own derivative
    /// let y = Variable.custom("cube", inputs: [x], value: x.value * x.value * x.value) { g, _ in
    ///     [g * x.value * x.value * 3]
    /// }
    /// ```
    public static func custom(_ name: String, inputs: [Variable], value: Tensor<Scalar>,
                              backward: @escaping (_ gradOutput: Tensor<Scalar>, _ needed: [Bool]) -> [Tensor<Scalar>?]) -> Variable {
        Variable(value, op: .custom(name: name, backward: backward), inputs: inputs)
    }
}
