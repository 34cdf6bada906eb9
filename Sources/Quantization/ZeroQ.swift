import Foundation

/// ZeroQ, data-free quantization (Cai et al., CVPR 2020; papers.md §C4): "distilled" inputs are
/// optimised from noise until every BatchNorm sees the batch statistics it stored during
/// training; they then stand in for real data — to calibrate activation ranges and to measure
/// each layer's sensitivity as the KL divergence between the float model's outputs and the
/// outputs with only that layer's weights quantized — and the widths are read off the Pareto
/// frontier of those sensitivities (`BitAllocator`). No training image is used.
public struct ZeroQ: Sendable {
    /// Distilled images, optimised in batches of `batchSize` for `iterations` Adam steps each.
    public var samples = 256
    public var batchSize = 32
    public var iterations = 500
    /// Adam's starting rate, cut ×0.1 after `patience` steps without a better loss (down to 1e-4),
    /// as the reference code's ReduceLROnPlateau.
    public var learningRate = 0.5
    public var patience = 100
    /// Widths a layer may take in a mixed plan.
    public var choices = [2, 3, 4, 8]
    public var seed: UInt64 = 0

    public init() {}

    /// Distilled inputs of `inputShape` (one sample, e.g. [1, 28, 28]) for `model`: from N(0, 1),
    /// Adam on the inputs minimising Σ_BN (‖μ̃ − μ‖² + ‖σ̃ − σ‖²)/C, where μ̃, σ̃ are the batch mean
    /// and standard deviation per channel of each BatchNorm's input, μ, σ = √(var + 10⁻⁶) its running
    /// statistics and C its channels, plus the same term for the input against mean 0, standard
    /// deviation 1 (the data are standardised) — the reference code's objective. The model runs in evaluation mode. `progress(done, total, loss)`
    /// follows the optimisation steps. Cost: samples/batchSize · iterations forward and backward passes.
    /// - Throws: `QuantizationError.unsupportedModel` for a model without BatchNorm.
    public func distilledData(_ model: any Layer<Float>, inputShape: [Int],
                              progress: ((Int, Int, Double) -> Void)? = nil) throws -> [Tensor<Float>] {
        let (tapped, captured) = BatchNormInputs.tap(model)
        guard model.leaves.contains(where: { $0.layer is BatchNorm<Float> }) else {
            throw QuantizationError.unsupportedModel("ZeroQ distils data from BatchNorm statistics; the model has no BatchNorm")
        }
        let wasTraining = model.isTraining
        model.isTraining = false
        defer { model.isTraining = wasTraining }
        var rng = RandomGenerator(seed: seed)
        let batches = (samples + batchSize - 1) / batchSize
        var result: [Tensor<Float>] = []
        for b in 0..<batches {
            let n = Swift.min(batchSize, samples - b * batchSize)
            let input = Variable(Tensor<Float>.normal([n] + inputShape, rng: &rng), requiresGrad: true)
            let optimizer = Adam([input], learningRate: learningRate)
            var best = Double.infinity, sinceBest = 0
            for step in 0..<iterations {
                captured.entries.removeAll(keepingCapacity: true)
                _ = tapped(input)
                let loss = statisticsLoss(captured.entries, input: input)
                input.zeroGrad()
                loss.backward()
                optimizer.step()
                let value = Double(loss.value.scalar)
                (best, sinceBest) = value < best ? (value, 0) : (best, sinceBest + 1)
                if sinceBest > patience {
                    optimizer.learningRate = Swift.max(optimizer.learningRate * 0.1, 1e-4)
                    sinceBest = 0
                }
                progress?(b * iterations + step + 1, batches * iterations, Double(loss.value.scalar))
            }
            result.append(input.value)
        }
        return result
    }

    /// Σ over the BatchNorms of (‖μ̃ − μ‖² + ‖σ̃ − σ‖²)/C, plus the input's term against N(0, 1).
    func statisticsLoss(_ captured: [(input: Variable<Float>, norm: BatchNorm<Float>)], input: Variable<Float>) -> Variable<Float> {
        var total: Variable<Float>? = nil
        for (x, norm) in captured {
            let std = (norm.runningVariance + 1e-6).sqrt()
            let term = Self.momentLoss(x, mean: norm.runningMean, std: std)
            total = total.map { $0 + term } ?? term
        }
        let channels = input.value.rank == 4 ? input.shape[1] : input.shape.last ?? 1
        let inputTerm = Self.momentLoss(input, mean: Tensor.zeros([channels]), std: Tensor.ones([channels]))
        return total.map { $0 + inputTerm } ?? inputTerm
    }

    /// The distillation objective of `inputs` (evaluation mode): lower means closer statistics.
    public func statisticsLoss(_ model: any Layer<Float>, inputs: Tensor<Float>) -> Double {
        let (tapped, captured) = BatchNormInputs.tap(model)
        let wasTraining = model.isTraining
        model.isTraining = false
        defer { model.isTraining = wasTraining }
        let input = Variable(inputs)
        _ = tapped(input)
        return Double(statisticsLoss(captured.entries, input: input).value.scalar)
    }

    /// (‖mean_c(x) − mean‖² + ‖std_c(x) − std‖²)/C over the C channels of x ([N, C] or [N, C, H, W]).
    static func momentLoss(_ x: Variable<Float>, mean: Tensor<Float>, std: Tensor<Float>) -> Variable<Float> {
        let axes = x.value.rank == 4 ? [0, 2, 3] : [0]
        let channelMean = x.mean(axes: axes, keepDims: true)
        let variance = (x - channelMean).squared().mean(axes: axes)
        let m = channelMean.reshaped([-1]), s = (variance + 1e-8).sqrt()
        let gaps = (m - Variable(mean)).squared().sum() + (s - Variable(std)).squared().sum()
        return gaps * (1 / Float(Swift.max(mean.count, 1)))
    }

    /// ZeroQ's sensitivity: for each quantizable layer and width b, the mean KL divergence
    /// KL(softmax(f(x)) ‖ softmax(f_b(x))) over `data`, f_b the model with only that layer's
    /// weights rounded to b bits (signed symmetric per channel, float activations).
    /// O(layers · widths) forward passes over the data.
    public func sensitivity(_ model: Sequential<Float>, data: [Tensor<Float>]) throws -> [(path: String, weights: Int, kl: [Int: Double])] {
        let wasTraining = model.isTraining
        model.isTraining = false
        defer { model.isTraining = wasTraining }
        let logSoftmax = { (logits: Tensor<Float>) in Variable(logits).logSoftmax(axis: 1).value }
        let reference = data.map { logSoftmax(model($0)) }
        return try quantizableLayers(of: model).map { path, layer in
            var kl: [Int: Double] = [:]
            for bits in choices {
                let rounded = try layer.weightOnly(try RoundToNearest().round(layer.weightMatrix, scheme: .weights(bits: bits)))
                let single = model.mappingLeaves { p, _ in p == path ? rounded : nil }
                var total = 0.0, count = 0
                for (x, logP) in Swift.zip(data, reference) {
                    let logQ = logSoftmax(single(x))
                    total += Double((logP.exp() * (logP - logQ)).sum().scalar)
                    count += x.shape[0]
                }
                kl[bits] = total / Double(Swift.max(count, 1))
            }
            return (path, layer.weightMatrix.count, kl)
        }
    }

    /// The least-divergent plan at an average of ≤ `averageBits` weight bits, or nil (also for a
    /// model without Linear/Conv2D).
    public func allocation(_ sensitivity: [(path: String, weights: Int, kl: [Int: Double])], averageBits: Double,
                           activationBits: Int = 8) -> BitAllocation? {
        guard !sensitivity.isEmpty else { return nil }
        let allocator = BitAllocator(layers: sensitivity.map { BitAllocator.Layer(weights: $0.weights, costs: $0.kl) })
        guard let plan = allocator.plan(averageBits: averageBits) else { return nil }
        return BitAllocation(entries: Swift.zip(sensitivity, plan.bits).map { row, bits in
            BitAllocation.Entry(path: row.path, bits: LayerBits(weight: bits, activation: activationBits), weights: row.weights)
        })
    }
}

/// Hands every variable passing through it to `record` (with its graph), unchanged.
final class VariableTap: StatelessLayer {
    typealias Scalar = Float
    let record: (Variable<Float>) -> Void

    init(_ record: @escaping (Variable<Float>) -> Void) { self.record = record }

    func callAsFunction(_ x: Variable<Float>) -> Variable<Float> {
        record(x)
        return x
    }
}

/// The inputs of every BatchNorm of a model during one forward pass, with the layer.
final class BatchNormInputs {
    var entries: [(input: Variable<Float>, norm: BatchNorm<Float>)] = []

    /// `model` with a tap in front of each BatchNorm (layers shared), and where the taps write.
    static func tap(_ model: any Layer<Float>) -> (model: any Layer<Float>, inputs: BatchNormInputs) {
        let inputs = BatchNormInputs()
        let tapped = model.mapLeaves { _, leaf -> (any Layer<Float>)? in
            guard let norm = leaf as? BatchNorm<Float> else { return nil }
            return Sequential<Float>(VariableTap { inputs.entries.append(($0, norm)) }, norm)
        }
        return (tapped, inputs)
    }
}
