import Foundation
import Quanta

extension QuantizationJob {
    /// `--method zeroq`: distilled data from BatchNorm statistics, data-free W8A8, KL sensitivities,
    /// the Pareto plan under `--budget-bits`; real-data calibration and uniform widths beside it;
    /// then the plan's integer model calibrated on the distilled data (the one `--out` saves).
    func zeroShot(_ result: inout QuantizeResult, out: URL?) throws {
        if isHybrid {
            throw CommandError("--method zeroq differentiates the inputs through every layer; \(spec.name) has quantum layers")
        }
        var zeroq = ZeroQ()
        zeroq.samples = settings.distilledSamples
        zeroq.iterations = settings.distillIterations
        zeroq.seed = settings.seed
        let io = io
        io.err("zeroq: distilling \(zeroq.samples) inputs, \(zeroq.iterations) steps per batch of \(zeroq.batchSize)")
        let start = Date()
        let distilled = try zeroq.distilledData(model, inputShape: Array(train.features.shape.dropFirst())) { done, total, loss in
            if done % 100 == 0 || done == total || done == 1 {
                io.err(String(format: "zeroq: distillation step %d/%d, statistics loss %.4f", done, total, loss))
            }
        }
        io.err(String(format: "zeroq: distilled in %.1f s", Date().timeIntervalSince(start)))
        let activationBits = settings.activationBits
        let quantizer = MixedPrecisionQuantization(observer: settings.observer)
        func report(_ plan: BitAllocation, _ calibration: [Tensor<Float>]) throws -> (MixedPrecisionModel, ClassificationReport) {
            let q = try quantizer.quantize(model, allocation: plan, calibration: calibration)
            return (q, evaluate(q.model, test, batchSize: settings.batchSize))
        }
        func accuracy(_ plan: BitAllocation, _ calibration: [Tensor<Float>]) throws -> (MixedPrecisionModel, Double) {
            let (q, r) = try report(plan, calibration)
            return (q, r.metrics.accuracy)
        }
        let float = result.floatAccuracy
        func line(_ what: String, _ value: Double) {
            io.out(String(format: "zeroq      %@: accuracy %.2f%% (%+.2f pts)", what, 100 * value, 100 * (value - float)))
        }
        let w8 = BitAllocation.uniform(model, bits: LayerBits(weight: 8, activation: activationBits))
        let dataFree8 = try accuracy(w8, distilled).1
        line("data-free W8A\(activationBits)", dataFree8)
        line("W8A\(activationBits) calibrated on training images beside it", try accuracy(w8, calibration).1)
        let sensitivity = try zeroq.sensitivity(model, data: distilled)
        guard let plan = zeroq.allocation(sensitivity, averageBits: settings.budgetBits, activationBits: activationBits) else {
            throw CommandError("no plan of widths \(zeroq.choices) fits an average of \(settings.budgetBits) bits")
        }
        io.out(table(sensitivity, plan))
        let (_, mixedReport) = try report(plan, distilled)
        let mixedAccuracy = result.record(mixedReport)
        line(String(format: "data-free mixed, %.2f average bits", plan.averageWeightBits), mixedAccuracy)
        let realAccuracy = try accuracy(plan, calibration).1
        line("the same plan calibrated on training images", realAccuracy)
        let uniformBits = LayerBits(weight: Int(settings.budgetBits.rounded(.down)), activation: activationBits)
        let uniformAccuracy = try accuracy(.uniform(model, bits: uniformBits), distilled).1
        line("data-free uniform \(uniformBits) beside it", uniformAccuracy)
        result.weightScheme = "mixed, signed symmetric per channel"
        result.zeroq = ZeroQResult(averageBits: plan.averageWeightBits, activationBits: activationBits,
                                   dataFreeW8Accuracy: dataFree8, realCalibrationAccuracy: realAccuracy,
                                   uniformAccuracy: uniformAccuracy,
                                   layers: Swift.zip(sensitivity, plan.entries).map {
                                       ZeroQResult.Layer(path: $0.path, weights: $0.weights, kl: $0.kl, bits: $1.bits.weight)
                                   })
        try mixedIntegerResult(plan, calibration: distilled, &result, out: out)
    }

    /// One line per layer: path, weights, KL at each width, the chosen width.
    func table(_ sensitivity: [(path: String, weights: Int, kl: [Int: Double])], _ plan: BitAllocation) -> String {
        let widths = sensitivity.first.map { $0.kl.keys.sorted() } ?? []
        var lines = ["layer              weights  " + widths.map { "KL W\($0)".padding(toLength: 10, withPad: " ", startingAt: 0) }
            .joined() + "bits"]
        for (row, entry) in Swift.zip(sensitivity, plan.entries) {
            let values = widths.map { String(format: "%-10.3g", row.kl[$0] ?? 0) }.joined()
            lines.append(row.path.padding(toLength: 18, withPad: " ", startingAt: 0) + String(format: " %7d  ", row.weights)
                + values + "\(entry.bits.weight)")
        }
        return lines.joined(separator: "\n")
    }
}

/// The zeroq part of `quanta quantize --json`.
struct ZeroQResult: Encodable {
    struct Layer: Encodable {
        var path: String
        var weights: Int
        /// width → KL divergence.
        var kl: [Int: Double]
        var bits: Int
    }

    var averageBits: Double
    var activationBits: Int
    var dataFreeW8Accuracy: Double
    var realCalibrationAccuracy: Double
    var uniformAccuracy: Double
    var layers: [Layer]
}
