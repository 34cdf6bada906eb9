/// The primitive operations the autodiff engine knows. Every differentiable function in
/// Quanta is a composition of these; its gradient follows from the rules in
/// `Primitive+Gradients.swift`, the one table of gradient rules.
public enum Primitive<Scalar: TensorScalar> {
    /// Element-wise, one input.
    case unary(UnaryOp<Scalar>)
    /// Element-wise with broadcasting, two inputs.
    case binary(BinaryOp)
    /// Σ over `axes`; `inputShape` is the shape before reduction.
    case sum(axes: [Int], inputShape: [Int])
    /// max over `axes` (ties share the gradient equally).
    case max(axes: [Int])
    /// log Σ exp over one axis, keeping it with size 1.
    case logSumExp(axis: Int)
    /// Same elements, new shape; `inputShape` is the old one.
    case reshape(inputShape: [Int])
    /// Axis permutation.
    case permute([Int])
    /// Materialised broadcast from `inputShape`.
    case broadcast(inputShape: [Int])
    /// Sub-block; `ranges` has one range per axis.
    case slice([Range<Int>])
    /// Constant padding, one (before, after) per axis.
    case pad([(before: Int, after: Int)])
    /// Concatenation along `axis` of inputs with these sizes on that axis.
    case concat(axis: Int, sizes: [Int])
    /// op(A)·op(B), 2-D or batched.
    case matmul(transposeA: Bool, transposeB: Bool)
    /// 2-D convolution; inputs: input, weight (and bias when present).
    case conv2d(Conv2DConfig)
    /// Max pooling with the argmax of each output.
    case maxPool2d(argmax: [Int32], inputShape: [Int])
    /// Average pooling.
    case avgPool2d(Pool2DConfig, inputShape: [Int])
    /// Rows of a table at `indices`: the embedding lookup.
    case gatherRows(indices: [Int], rowCount: Int)
    /// The transposed convolution (∂conv2d/∂input applied to a gradient); inputs: gradOutput,
    /// weight. Recorded by second-order sweeps and transposed-convolution layers.
    case conv2dInputGradient(Conv2DConfig, inputShape: [Int])
    /// ∂conv2d/∂weight applied to a gradient; inputs: input, gradOutput.
    case conv2dWeightGradient(Conv2DConfig, weightShape: [Int])
    /// Elements at flat indices, shaped like the output.
    case gather(indices: [Int32], sourceShape: [Int])
    /// Zeros of `shape` with each input element added at its flat index (gather's adjoint).
    case scatterAdd(indices: [Int32], shape: [Int])
    /// The adjoint of average pooling: each input position gets Σ of the windows holding it / (KH·KW).
    case avgPool2dTranspose(Pool2DConfig, inputShape: [Int])
    /// Zeros of [rowCount, …] with row i added into row indices[i] (gatherRows' adjoint).
    case scatterAddRows(indices: [Int], rowCount: Int)
    /// A differentiable function defined outside this table (see `Variable.custom`): `backward`
    /// maps (∂loss/∂output, which inputs need a gradient) to ∂loss/∂input per input.
    case custom(name: String, backward: (_ gradOutput: Tensor<Scalar>, _ needed: [Bool]) -> [Tensor<Scalar>?])
}
