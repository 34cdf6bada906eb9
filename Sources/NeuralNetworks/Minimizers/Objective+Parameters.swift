extension Objective {
    /// The scalar `loss` computes, as a function of the values of `parameters` laid end to end:
    /// f(x) sets the parameters to x and runs `loss`; ∇f runs it and `backward()` (a parameter
    /// without a gradient counts as 0). The parameters are left at the last point evaluated.
    public static func parameters<Scalar: TensorScalar>(_ parameters: [Variable<Scalar>],
                                                        loss: @escaping () -> Variable<Scalar>) -> Objective {
        let count = parameters.reduce(0) { $0 + $1.value.count }
        return Objective(dimension: count, value: { x in
            assign(x, to: parameters)
            return Double(loss().value.scalar)
        }, gradient: { x in
            assign(x, to: parameters)
            for p in parameters { p.grad = nil }
            loss().backward()
            return parameters.flatMap { p in
                p.grad.map { $0.scalars.map(Double.init) } ?? [Double](repeating: 0, count: p.value.count)
            }
        })
    }

    /// The values of `parameters` laid end to end.
    public static func values<Scalar: TensorScalar>(of parameters: [Variable<Scalar>]) -> [Double] {
        parameters.flatMap { $0.value.scalars.map(Double.init) }
    }

    /// Sets `parameters` from `x` laid end to end.
    public static func assign<Scalar: TensorScalar>(_ x: [Double], to parameters: [Variable<Scalar>]) {
        var offset = 0
        for p in parameters {
            let n = p.value.count
            p.value = Tensor(shape: p.shape, scalars: x[offset..<(offset + n)].map { Scalar($0) })
            offset += n
        }
    }
}
