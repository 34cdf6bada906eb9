import Foundation
import Quanta

extension QuantizationJob {
    /// `--method qfx`: trainable fixed point on every layer input, weight, BatchNorm output and
    /// residual sum (`--weight-bits` wide, points from `--fractional-bits`, learned for `--epochs`),
    /// the simulated accuracy, then the shift-only integer model (accuracy, sizes, latency), which
    /// `--out` saves.
    func fixedPoint(_ result: inout QuantizeResult, out: URL?) throws {
        if isHybrid { throw CommandError("--method qfx wraps catalog models; \(spec.name) is a paper model with quantum layers") }
        var qfx = QFX()
        qfx.bits = settings.weightBits
        qfx.fractionalBits = settings.fractionalBits
        qfx.terms = settings.powers
        let (wrapped, points) = qfx.wrap(model)
        let io = io
        io.err("qfx: fine-tuning \(settings.epochs) epoch(s) on \(train.count) training samples, W\(qfx.bits) from Q\(qfx.bits - qfx.fractionalBits).\(qfx.fractionalBits)")
        try qfx.fineTune(wrapped, data: train, epochs: settings.epochs, learningRate: settings.learningRate, batchSize: 64,
                         seed: settings.seed) { step, steps, loss in
            io.err(String(format: "qfx: step %d/%d, loss %.4f", step, steps, loss))
        }
        let simulated = evaluate(wrapped, test, batchSize: settings.batchSize).metrics.accuracy
        let mean = Double(points.map(\.fractionalBits).reduce(0, +)) / Double(Swift.max(points.count, 1))
        io.out(String(format: "qfx        simulated fixed point W%d%@ (mean binary point %.2f): accuracy %.2f%%", qfx.bits,
                      settings.powers.map { ", weights as \($0) power(s) of two" } ?? "", mean, 100 * simulated))
        let quantized = try qfx.integerModel(base: model, wrapped: wrapped, calibration: calibration)
        let accuracy = measure(quantized, &result)
        result.simulatedAccuracy = simulated
        result.meanFractionalBits = mean
        result.shiftOnly = quantized.isShiftOnly
        result.weightScheme = "fixed point W\(qfx.bits), a binary point per output channel"
        result.quantizedBytes = quantized.packedByteCount
        io.out(String(format: "qfx        shift-only integer model: accuracy %.2f%% (%+.2f pts)  %d bytes packed  %.3f ms/batch%@",
                      100 * accuracy, 100 * (accuracy - result.floatAccuracy), quantized.packedByteCount, result.quantizedMsPerBatch,
                      quantized.isShiftOnly ? "" : " (some multipliers are not powers of two)"))
        try save(quantized, out)
    }
}
