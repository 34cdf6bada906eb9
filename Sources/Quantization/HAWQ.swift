import Foundation

/// HAWQ, Hessian-aware mixed precision (Dong et al., ICCV 2019; HAWQ-V2, NeurIPS 2020;
/// papers.md §C3): each layer's sensitivity is its Hessian trace per weight times its rounding
/// error at each width (`HessianSensitivity`), the widths are the least sensitive plan under an
/// average-width budget (`BitAllocator`, V2's Pareto choice), and the quantized model is
/// fine-tuned in stages, the most sensitive layers first (V1's multi-stage schedule).
public struct HAWQ: Sendable {
    /// Budget: average weight bits Σ n·b / Σ n.
    public var averageBits = 4.0
    /// Input activations of every layer.
    public var activationBits = 8
    /// Widths a layer may take.
    public var choices = [2, 3, 4, 8]
    /// Hutchinson vectors for the traces.
    public var hessianSamples = 32
    /// Fine-tuning stages and their total epochs (0: post-training only).
    public var stages = 3
    public var epochs = 1.0
    public var learningRate = 1e-4
    public var batchSize = 64
    public var observer = ObserverKind.minmax
    public var seed: UInt64 = 0

    public init() {}

    /// What a run measured and built.
    public struct Result {
        public let sensitivity: HessianSensitivity
        public let allocation: BitAllocation
        /// The plan quantized right away (post-training).
        public let postTraining: MixedPrecisionModel
        /// After the staged fine-tuning (nil when `epochs` is 0).
        public let fineTuned: MixedPrecisionModel?
        /// The layer paths of each stage.
        public let stages: [[String]]
    }

    /// Runs HAWQ on `model` (its weights change when fine-tuning). `hessianBatches` feed the
    /// traces, `calibration` the activation ranges, `train` the fine-tuning. `log` gets progress.
    /// - Throws: `QuantizationError.invalidArgument` when no plan fits the budget;
    ///   `AutodiffError` for a model without second derivatives.
    public func run(_ model: Sequential<Float>, hessianBatches: [(inputs: Tensor<Float>, labels: [Int])],
                    calibration: [Tensor<Float>], train: LabeledData,
                    log: @escaping (String) -> Void = { _ in }) throws -> Result {
        let sensitivity = try HessianSensitivity(model: model, batches: hessianBatches, samples: hessianSamples,
                                                 bits: choices, seed: seed) { done, total in
            if done == total || done % 8 == 0 { log("hawq: Hessian traces, \(done)/\(total) Hutchinson samples") }
        }
        return try run(model, sensitivity: sensitivity, calibration: calibration, train: train, log: log)
    }

    /// The rest of `run` from sensitivities measured beforehand.
    public func run(_ model: Sequential<Float>, sensitivity: HessianSensitivity, calibration: [Tensor<Float>],
                    train: LabeledData, log: @escaping (String) -> Void = { _ in }) throws -> Result {
        guard let allocation = sensitivity.allocation(averageBits: averageBits, activationBits: activationBits) else {
            throw QuantizationError.invalidArgument(
                "no plan of widths \(choices) fits an average of \(averageBits) bits (the smallest is \(choices.min() ?? 0))")
        }
        let quantizer = MixedPrecisionQuantization(observer: observer)
        let postTraining = try quantizer.quantize(model, allocation: allocation, calibration: calibration)
        let order = stageOrder(sensitivity)
        guard epochs > 0 else {
            return Result(sensitivity: sensitivity, allocation: allocation, postTraining: postTraining, fineTuned: nil, stages: order)
        }
        let training = MixedPrecisionTraining(model: model, allocation: allocation)
        try training.fineTune(stages: order, data: train, epochsPerStage: epochs / Double(order.count),
                              learningRate: learningRate, batchSize: batchSize, seed: seed) { stage, epoch, loss, accuracy in
            log(String(format: "hawq: stage %d/%d epoch %d: loss %.4f, train accuracy %.2f%%", stage + 1, order.count,
                       epoch + 1, loss, 100 * accuracy))
        }
        let fineTuned = try quantizer.quantize(model, allocation: allocation, calibration: calibration)
        return Result(sensitivity: sensitivity, allocation: allocation, postTraining: postTraining, fineTuned: fineTuned,
                      stages: order)
    }

    /// Layers by decreasing Hessian trace per weight, cut into `stages` groups of near-equal size.
    func stageOrder(_ sensitivity: HessianSensitivity) -> [[String]] {
        let sorted = sensitivity.rows.sorted { $0.trace / Double($0.weights) > $1.trace / Double($1.weights) }.map(\.path)
        let count = Swift.max(1, Swift.min(stages, sorted.count))
        return (0..<count).map { k in
            Array(sorted[(k * sorted.count / count)..<((k + 1) * sorted.count / count)])
        }
    }
}
