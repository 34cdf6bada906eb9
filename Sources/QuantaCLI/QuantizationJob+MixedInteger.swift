import Foundation
import Quanta

extension QuantizationJob {
    /// The integer model of a mixed-precision plan (hawq, zeroq): per-layer weight and activation
    /// widths run by the integer kernels, its accuracy, per-layer sizes and latency paired with the
    /// float model; it becomes the run's quantized model (`quantized_accuracy`), and `--out` saves
    /// it in the integer format (sub-8-bit weights packed). Activation ranges come from `calibration`.
    func mixedIntegerResult(_ plan: BitAllocation, calibration: [Tensor<Float>], _ result: inout QuantizeResult, out: URL?) throws {
        let ptq = PostTrainingQuantization(weightScheme: try settings.weightScheme, activationScheme: try settings.activationScheme,
                                           observer: settings.observer)
        let quantized = try ptq.quantize(model, allocation: plan, calibration: calibration)
        result.simulatedAccuracy = result.quantizedAccuracy
        let accuracy = measure(quantized, &result)
        result.quantizedBytes = quantized.packedByteCount
        result.integerLayers = quantized.layerSizes
        io.out(quantized.layerSizeTable)
        let method = settings.method.padding(toLength: 10, withPad: " ", startingAt: 0)
        io.out(String(format: "%@ integer model (%.2f average weight bits): accuracy %.2f%% (%+.2f pts)  %d bytes packed  %.3f ms/batch "
                      + "(float %.3f ms)", method, plan.averageWeightBits, 100 * accuracy, 100 * (accuracy - result.floatAccuracy),
                      quantized.packedByteCount, result.quantizedMsPerBatch, result.floatMsPerBatch))
        try save(quantized, out)
    }
}
