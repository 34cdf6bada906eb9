/// A named block of parameters the Hessian is split by: usually one layer's weight.
public struct HessianGroup<Scalar: TensorScalar> {
    /// The layer path ("2.body.0") or any label.
    public let name: String
    public let parameters: [Variable<Scalar>]

    public init(name: String, parameters: [Variable<Scalar>]) {
        self.name = name
        self.parameters = parameters
    }

    /// Number of scalars in the block.
    public var count: Int { parameters.reduce(0) { $0 + $1.value.count } }

    /// One group per leaf layer with a weight of rank ≥ 2 (convolutions, linear layers), in
    /// layer order: the blocks HAWQ assigns bit widths to. Biases and normalisation are left out.
    public static func layerWeights(of model: any Layer<Scalar>) -> [HessianGroup] {
        model.leaves.compactMap { path, layer in
            guard let weight = layer.namedParameters.first(where: { $0.name == "weight" })?.variable,
                  weight.value.rank >= 2 else { return nil }
            return HessianGroup(name: path, parameters: [weight])
        }
    }
}

/// One Hutchinson estimate: the mean of vᵀHv over Rademacher vectors v, and its standard error.
public struct TraceEstimate: Sendable, Equatable {
    public let mean: Double
    public let standardError: Double
    /// Number of vectors drawn.
    public let samples: Int
}

/// The Hessian of a model's loss over fixed batches (the mean loss, batches weighted by size),
/// probed through exact Hessian-vector products (double backward, `hessianVectorProduct`),
/// blocked by parameter groups: per-group top eigenvalue by power iteration and per-group
/// trace by Hutchinson's estimator. The model runs in evaluation mode (BatchNorm on its running
/// statistics, as PyHessian does) and is restored afterwards. One product costs about three
/// gradient computations over all batches.
public struct HessianProbe<Scalar: TensorScalar> {
    public let groups: [HessianGroup<Scalar>]
    let model: any Layer<Scalar>
    let batches: [(inputs: Tensor<Scalar>, labels: [Int])]
    let loss: Loss<Scalar>

    /// - Parameters:
    ///   - groups: the blocks; defaults to `HessianGroup.layerWeights(of: model)`.
    public init(model: any Layer<Scalar>, batches: [(inputs: Tensor<Scalar>, labels: [Int])],
                loss: Loss<Scalar> = .softmaxCrossEntropy(), groups: [HessianGroup<Scalar>]? = nil) {
        precondition(batches.contains { !$0.labels.isEmpty }, "HessianProbe: no samples")
        self.model = model
        self.batches = batches
        self.loss = loss
        self.groups = groups ?? HessianGroup.layerWeights(of: model)
    }

    /// H·v restricted to the blocks `selected` (indices into `groups`): `vector[i]` holds one
    /// tensor per parameter of group `selected[i]`, and so does the result, (H_SS·v_S).
    /// - Throws: `AutodiffError` when the model holds an operation without second derivatives.
    public func product(_ vector: [[Tensor<Scalar>]], groups selected: [Int]) throws -> [[Tensor<Scalar>]] {
        precondition(vector.count == selected.count, "HessianProbe.product: \(vector.count) blocks for \(selected.count) groups")
        let parameters = selected.flatMap { groups[$0].parameters }
        let flat = vector.flatMap { $0 }
        let total = Scalar(batches.reduce(0) { $0 + $1.labels.count })
        let wasTraining = model.isTraining
        model.isTraining = false
        defer { model.isTraining = wasTraining }
        var sum: [Tensor<Scalar>]? = nil
        for batch in batches where !batch.labels.isEmpty {
            let output = model(Variable(batch.inputs))
            let weighted = loss(output, labels: batch.labels) * (Scalar(batch.labels.count) / total)
            let part = try hessianVectorProduct(of: weighted, wrt: parameters, vector: flat)
            sum = sum.map { Swift.zip($0, part).map { $0 + $1 } } ?? part
        }
        var result = sum ?? flat
        return selected.map { group in
            let n = groups[group].parameters.count
            defer { result.removeFirst(n) }
            return Array(result.prefix(n))
        }
    }

    /// The eigenvalue of largest magnitude of the block H_gg, by power iteration with the
    /// Rayleigh quotient; stops when it changes by less than `tolerance` (relative) or after
    /// `iterations` products. Seeded start vector.
    public func topEigenvalue(group: Int, iterations: Int = 50, tolerance: Double = 1e-4,
                              seed: UInt64 = 0) throws -> (value: Double, iterations: Int) {
        var rng = RandomGenerator(seed: seed)
        var v = Self.normalized(groups[group].parameters.map { Tensor<Scalar>.normal($0.shape, rng: &rng) })
        var eigenvalue = 0.0
        for step in 1...Swift.max(iterations, 1) {
            let hv = try product([v], groups: [group])[0]
            let next = Self.dot(v, hv)
            v = Self.normalized(hv)
            let converged = step > 1 && Swift.abs(next - eigenvalue) <= tolerance * Swift.max(Swift.abs(eigenvalue), 1e-12)
            eigenvalue = next
            if converged || !eigenvalue.isFinite { return (eigenvalue, step) }
        }
        return (eigenvalue, iterations)
    }

    /// Hutchinson's estimate of tr(H_gg) for every group at once: E[v_gᵀ(Hv)_g] over Rademacher
    /// v (cross-block terms vanish in expectation), `samples` products, `progress(done, total)`
    /// after each. Seeded.
    public func traces(samples: Int, seed: UInt64 = 0,
                       progress: ((Int, Int) -> Void)? = nil) throws -> [TraceEstimate] {
        var rng = RandomGenerator(seed: seed)
        let all = Array(groups.indices)
        var sums = [Double](repeating: 0, count: groups.count)
        var squares = sums
        let n = Swift.max(samples, 1)
        for s in 0..<n {
            let v = groups.map { $0.parameters.map { Self.rademacher($0.shape, rng: &rng) } }
            let hv = try product(v, groups: all)
            for g in all {
                let value = Self.dot(v[g], hv[g])
                sums[g] += value
                squares[g] += value * value
            }
            progress?(s + 1, n)
        }
        return all.map { g in
            let mean = sums[g] / Double(n)
            let variance = n > 1 ? Swift.max(squares[g] / Double(n) - mean * mean, 0) * Double(n) / Double(n - 1) : 0
            return TraceEstimate(mean: mean, standardError: (variance / Double(n)).squareRoot(), samples: n)
        }
    }

    static func dot(_ a: [Tensor<Scalar>], _ b: [Tensor<Scalar>]) -> Double {
        Swift.zip(a, b).reduce(0) { $0 + Double(($1.0 * $1.1).sum().scalar) }
    }

    static func normalized(_ v: [Tensor<Scalar>]) -> [Tensor<Scalar>] {
        let norm = dot(v, v).squareRoot()
        guard norm > 0, norm.isFinite else { return v }
        return v.map { $0 * Scalar(1 / norm) }
    }

    static func rademacher(_ shape: [Int], rng: inout RandomGenerator) -> Tensor<Scalar> {
        Tensor.uniform(shape, low: -1, high: 1, rng: &rng).map(.sign)
    }
}
