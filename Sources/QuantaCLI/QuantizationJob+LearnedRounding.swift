import Foundation
import Quanta

extension QuantizationJob {
    /// `--method adaround|brecq`: learned rounding of every layer (adaround) or block (brecq) at
    /// `--weight-bits`, activations at `--bits`, round-to-nearest beside it.
    func learnedRounding(_ result: inout QuantizeResult, out: URL?) throws {
        if isHybrid {
            throw CommandError("--method \(settings.method) reconstructs layer outputs by gradient; \(spec.name) has quantum layers")
        }
        var rounding = LearnedRounding()
        rounding.scope = settings.method == "brecq" ? .block : .layer
        rounding.iterations = settings.roundingIterations
        rounding.optimizer = settings.roundingOptimizer
        rounding.observer = settings.observer
        rounding.perChannel = settings.granularityName != "tensor"
        rounding.seed = settings.seed
        let bits = LayerBits(weight: settings.weightBits, activation: settings.activationBits)
        let plan = BitAllocation.uniform(model, bits: bits)
        let nearest = try MixedPrecisionQuantization(observer: settings.observer, perChannel: rounding.perChannel)
            .quantize(model, allocation: plan, calibration: calibration)
        let nearestAccuracy = evaluate(nearest.model, test, batchSize: settings.batchSize).metrics.accuracy
        let scales = rounding.perChannel ? "per-channel" : "per-tensor"
        let method = settings.method.padding(toLength: 10, withPad: " ", startingAt: 0)
        io.out(String(format: "%@ round-to-nearest %@ (%@ weights) beside it: accuracy %.2f%% (%+.2f pts)", method,
                      bits.description, scales, 100 * nearestAccuracy, 100 * (nearestAccuracy - result.floatAccuracy)))
        io.err("\(settings.method): \(rounding.iterations) \(rounding.optimizer.rawValue) steps per \(rounding.scope.rawValue) "
            + "on \(calibration.count) calibration batches")
        let io = io
        let learned = try rounding.quantize(model, allocation: plan, calibration: calibration) { io.err($0) }
        let accuracy = result.record(evaluate(learned.model, test, batchSize: settings.batchSize))
        io.out(String(format: "%@ learned rounding %@ (%@ weights): accuracy %.2f%% (%+.2f pts, %+.2f over nearest)", method,
                      bits.description, scales, 100 * accuracy, 100 * (accuracy - result.floatAccuracy),
                      100 * (accuracy - nearestAccuracy)))
        result.weightScheme = "\(bits), signed symmetric \(scales)"
        result.quantizedBytes = WeightOnlyQuantization.byteCount(learned.model)
        result.nearestAccuracy = nearestAccuracy
        if let out {
            try WeightOnlyQuantization.save(learned.model, to: out, metadata: savedMetadata)
            io.err("saved \(out.path)")
        }
    }
}
