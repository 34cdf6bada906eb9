import Foundation
import Quanta

extension QuantizationJob {
    /// `--method nupes|codebook`: weights on a non-uniform grid at `--weight-bits` (NUPES' power
    /// grid, or JLCM codebooks), inputs at `--bits`; the uniform per-channel grid beside it.
    /// (`--out` is refused with the settings: these grids have no file format yet.)
    func nonUniform(_ result: inout QuantizeResult) throws {
        if isHybrid {
            throw CommandError("--method \(settings.method) quantizes catalog models; \(spec.name) has quantum layers")
        }
        let bits = LayerBits(weight: settings.weightBits, activation: settings.activationBits)
        let uniform = try MixedPrecisionQuantization(observer: settings.observer)
            .quantize(model, allocation: .uniform(model, bits: bits), calibration: calibration)
        let uniformAccuracy = evaluate(uniform.model, test, batchSize: settings.batchSize).metrics.accuracy
        let method = settings.method.padding(toLength: 10, withPad: " ", startingAt: 0)
        io.out(String(format: "%@ uniform grid %@ beside it: accuracy %.2f%%", method, bits.description, 100 * uniformAccuracy))
        let io = io
        let quantized: Sequential<Float>
        if settings.method == "nupes" {
            var nupes = PowerQuantization()
            nupes.bits = settings.weightBits
            let run = try nupes.quantize(model, calibration: calibration, activationBits: settings.activationBits) { io.err($0) }
            quantized = run.model
        } else {
            var codebooks = CodebookQuantization()
            codebooks.bits = settings.weightBits
            codebooks.seed = settings.seed
            let run = try codebooks.quantize(model, calibration: calibration, activationBits: settings.activationBits) { io.err($0) }
            quantized = run.model
            result.quantizedBytes = run.codes.values.reduce(0) { $0 + $1.byteCount(bits: settings.weightBits) }
        }
        let accuracy = result.record(evaluate(quantized, test, batchSize: settings.batchSize))
        io.out(String(format: "%@ non-uniform grid %@: accuracy %.2f%% (%+.2f pts, %+.2f over uniform)", method, bits.description,
                      100 * accuracy, 100 * (accuracy - result.floatAccuracy), 100 * (accuracy - uniformAccuracy)))
        result.weightScheme = "\(bits), \(settings.method == "nupes" ? "power grid per layer" : "codebooks per 8 neurons")"
        if result.quantizedBytes == 0 { result.quantizedBytes = uniform.weightBytes }
        result.nearestAccuracy = uniformAccuracy
    }
}
