import Foundation
import Quanta

extension QuantizationJob {
    /// `--method qat` on a hybrid model: the classical stretches fake-quantized, the circuits
    /// trained along in float, then converted.
    func hybridQuantizationAware(_ result: inout QuantizeResult, out: URL?) throws {
        let qat = try HybridQuantizationAwareTraining(model, weightScheme: try settings.weightScheme,
                                                      activationScheme: try settings.activationScheme, quantizer: settings.quantizer)
        let io = io
        let quantized = try qat.fineTune(features: train.features, labels: train.labels, epochs: settings.epochs,
                                         learningRate: settings.learningRate, batchSize: 64, seed: settings.seed) { epoch, loss, accuracy in
            io.err(String(format: "qat epoch %d: loss %.4f  train accuracy %.2f%%", epoch + 1, loss, 100 * accuracy))
        }
        try hybridResult(quantized, &result, out: out)
    }

    /// Accuracy, size and paired latency of a hybrid model, its layout printed; saved to `out` when given.
    func hybridResult(_ quantized: HybridQuantizedModel, _ result: inout QuantizeResult, out: URL?) throws {
        let accuracy = result.record(evaluate(test, batchSize: settings.batchSize, logits: quantized.predict))
        let batch = latencyBatch
        (result.quantizedMsPerBatch, result.floatMsPerBatch) = Latency.paired({ _ = quantized.predict(batch) }, against: floatRun)
        result.weightScheme = try settings.weightScheme.description
        result.quantizedBytes = quantized.byteCount
        result.layout = quantized.layout
        io.err("hybrid model: " + quantized.layout.joined(separator: ", "))
        let method = settings.method.padding(toLength: 10, withPad: " ", startingAt: 0)
        io.out(String(format: "%@ W%dA8 classical layers, float circuits: accuracy %.2f%% (%+.2f pts)  %d bytes  %.3f ms/batch",
                      method, settings.weightBits, 100 * accuracy, 100 * (accuracy - result.floatAccuracy), result.quantizedBytes,
                      result.quantizedMsPerBatch))
        if let out {
            try quantized.save(to: out, metadata: savedMetadata)
            io.err("saved \(out.path)")
        }
    }
}
