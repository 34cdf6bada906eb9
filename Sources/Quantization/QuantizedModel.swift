import Foundation

/// An integer model: the input is quantised once, every layer runs on 8-bit codes with int32
/// accumulation and fused requantisation, and the last layer's codes are dequantised to float logits.
public final class QuantizedModel {
    /// One integer step.
    public enum Operation: Sendable {
        case linear(name: String, QuantizedLinear)
        case conv2d(name: String, QuantizedConv2D)
        case maxPool2d(Pool2DConfig)
        case relu
        case flatten
    }

    /// How the float input is quantised.
    public let input: ActivationQuantization
    public let operations: [Operation]
    /// The GEMM used by `predict` (oneDNN by default).
    public var backend: IntegerBackend = .oneDNN
    /// Free-form facts recorded with the model (method, schemes, observer), saved in files.
    public var info: [String: String] = [:]
    /// Convolution scratch buffers reused across `run` calls (one caller at a time, see `lock`).
    let workspace = ConvolutionWorkspace()
    let lock = NSLock()

    /// Throws when an operation's input quantisation differs from what the previous one produces.
    public init(input: ActivationQuantization, operations: [Operation]) throws {
        var current = input
        for (i, op) in operations.enumerated() {
            let core: IntegerMatmulCore?
            switch op {
            case .linear(_, let l): core = l.core
            case .conv2d(_, let c): core = c.core
            default: core = nil
            }
            if let core {
                guard core.input == current else {
                    throw QuantizationError.invalidScheme("operation \(i): expects input quantization \(core.input), receives \(current)")
                }
                current = core.output
            }
        }
        self.input = input; self.operations = operations
    }

    /// The output codes and their quantisation for a float batch.
    public func run(_ x: Tensor<Float>, backend: IntegerBackend? = nil) -> QuantizedActivation {
        let backend = backend ?? self.backend
        lock.lock()
        defer { lock.unlock() }
        var h = QuantizedActivation(quantizing: x, input)
        var i = 0
        while i < operations.count {
            let op = operations[i]
            i += 1
            switch op {
            case .linear(_, let l): h = l(h, backend: backend)
            case .conv2d(_, let c):
                // conv (+ fused ReLU) → max pool: pooled on the accumulators, same codes
                if i < operations.count, case .maxPool2d(let p) = operations[i] {
                    h = c(h, backend: backend, thenPool: p, workspace: workspace); i += 1
                } else {
                    h = c(h, backend: backend, thenPool: nil, workspace: workspace)
                }
            case .maxPool2d(let config): h = maxPoolCodes(h, config)
            case .relu: h = reluCodes(h)
            case .flatten: h.shape = [h.shape[0], h.codes.count / Swift.max(h.shape[0], 1)]
            }
        }
        return h
    }

    /// Float logits: the dequantised output of `run`.
    public func predict(_ x: Tensor<Float>) -> Tensor<Float> { run(x).dequantized() }

    /// Accuracy on a labelled set, in batches.
    public func accuracy(features: Tensor<Float>, labels: [Int], batchSize: Int = 256) -> Double {
        var correct = 0
        for start in stride(from: 0, to: labels.count, by: batchSize) {
            let indices = Array(start..<Swift.min(start + batchSize, labels.count))
            let logits = predict(features.gatherRows(indices))
            correct += zip(logits.argmax(axis: 1), indices.map { labels[$0] }).filter { $0 == $1 }.count
        }
        return labels.isEmpty ? 0 : Double(correct) / Double(labels.count)
    }

    /// Bytes of the stored model: 1 per weight code (int8 container), 4 per bias, scale, zero
    /// point and multiplier. Bit-packing of sub-8-bit weights is counted by `packedByteCount`.
    public var byteCount: Int {
        cores.reduce(8) { $0 + $1.weightCodes.count + 4 * $1.bias.count + 4 * ($1.weightParameters.scales.count + 2 * $1.outputs) + 16 }
    }

    /// Bytes with weight codes packed at their scheme's bit width.
    public var packedByteCount: Int {
        cores.reduce(8) { $0 + ($1.weightCodes.count * $1.weightParameters.scheme.bits + 7) / 8 + 4 * $1.bias.count
            + 4 * ($1.weightParameters.scales.count + 2 * $1.outputs) + 16 }
    }

    var cores: [IntegerMatmulCore] {
        operations.compactMap {
            switch $0 {
            case .linear(_, let l): return l.core
            case .conv2d(_, let c): return c.core
            default: return nil
            }
        }
    }
}
