import Foundation
import Quanta

extension QuantizationJob {
    /// `--method hawq`: Hessian traces, the least sensitive plan under `--budget-bits`, the
    /// mixed-precision model before and after staged fine-tuning, uniform widths beside it, then
    /// the plan's integer model (the one `--out` saves).
    func hessianAware(_ result: inout QuantizeResult, out: URL?) throws {
        if isHybrid {
            throw CommandError("--method hawq needs second derivatives through every layer; \(spec.name) has quantum layers "
                + "(use ptq or qat)")
        }
        var hawq = HAWQ()
        hawq.averageBits = settings.budgetBits
        hawq.activationBits = settings.activationBits
        hawq.hessianSamples = settings.hessianSamples
        hawq.stages = settings.stages
        hawq.epochs = settings.epochs
        hawq.learningRate = settings.learningRate
        hawq.observer = settings.observer
        hawq.seed = settings.seed
        let images = Swift.min(settings.hessianImages, train.count)
        io.err("hawq: Hessian traces of \(quantizableLayers(of: model).count) layers on \(images) training images, "
            + "\(settings.hessianSamples) Hutchinson samples")
        let uniformBits = LayerBits(weight: Int(settings.budgetBits.rounded(.down)), activation: settings.activationBits)
        let uniform = try? MixedPrecisionQuantization(observer: settings.observer)
            .quantize(model, allocation: .uniform(model, bits: uniformBits), calibration: calibration)
        let uniformAccuracy = uniform.map { evaluate($0.model, test, batchSize: settings.batchSize).metrics.accuracy }
        let io = io
        let run = try hawq.run(model, hessianBatches: train.leadingBatches(images), calibration: calibration, train: train) {
            io.err($0)
        }
        io.out(table(run))
        let postReport = evaluate(run.postTraining.model, test, batchSize: settings.batchSize)
        let postAccuracy = postReport.metrics.accuracy
        let final = run.fineTuned ?? run.postTraining
        let accuracy = result.record(run.fineTuned.map { evaluate($0.model, test, batchSize: settings.batchSize) } ?? postReport)
        io.out(String(format: "hawq       post-training: accuracy %.2f%% (%+.2f pts)", 100 * postAccuracy,
                     100 * (postAccuracy - result.floatAccuracy)))
        if let uniformAccuracy {
            io.out(String(format: "hawq       uniform %@ beside it (post-training, %d bytes): accuracy %.2f%%", uniformBits.description,
                         uniform!.weightBytes, 100 * uniformAccuracy))
        }
        if run.fineTuned != nil {
            io.out(String(format: "hawq       after %d stages of fine-tuning (%g epochs in all): accuracy %.2f%% (%+.2f pts)", run.stages.count,
                         settings.epochs, 100 * accuracy, 100 * (accuracy - result.floatAccuracy)))
        }
        result.weightScheme = "mixed, signed symmetric per channel"
        result.hawq = HAWQResult(averageBits: final.allocation.averageWeightBits, activationBits: settings.activationBits,
                                 postTrainingAccuracy: postAccuracy, uniformAccuracy: uniformAccuracy,
                                 layers: run.sensitivity.rows.map { row in
                                     HAWQResult.Layer(path: row.path, weights: row.weights, trace: row.trace,
                                                      traceError: row.traceError, bits: final.allocation.bits(of: row.path)?.weight ?? 0)
                                 })
        try mixedIntegerResult(final.allocation, calibration: calibration, &result, out: out)
    }

    /// One line per layer: path, kind, weights, trace per weight ± error, width, bytes; then the plan.
    func table(_ run: HAWQ.Result) -> String {
        var lines = ["layer              kind     weights   trace/n    ± err   bits  bytes"]
        for (row, layer) in Swift.zip(run.sensitivity.rows, (run.fineTuned ?? run.postTraining).layers) {
            let n = Double(row.weights)
            let columns = String(format: "%7d  %9.3g  %7.2g  %4d  %6d", row.weights, row.trace / n, row.traceError / n,
                                 layer.bits.weight, layer.bytes)
            lines.append(row.path.padding(toLength: 18, withPad: " ", startingAt: 0) + " "
                + layer.kind.padding(toLength: 8, withPad: " ", startingAt: 0) + " " + columns)
        }
        let plan = run.allocation
        lines.append(String(format: "hawq       plan: average %.2f weight bits (budget %g), activations %d bits; %d bytes of weights",
                            plan.averageWeightBits, settings.budgetBits, settings.activationBits, run.postTraining.weightBytes))
        return lines.joined(separator: "\n")
    }
}

/// The hawq part of `quanta quantize --json`.
struct HAWQResult: Encodable {
    struct Layer: Encodable {
        var path: String
        var weights: Int
        var trace: Double
        var traceError: Double
        var bits: Int
    }

    var averageBits: Double
    var activationBits: Int
    var postTrainingAccuracy: Double
    var uniformAccuracy: Double?
    var layers: [Layer]
}
