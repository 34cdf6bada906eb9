import Foundation

/// An integer model: the input is quantised once, every layer runs on 8-bit codes with int32
/// accumulation and fused requantisation, and the last layer's codes are dequantised to float logits.
public final class QuantizedModel {
    /// One integer step.
    public enum Operation: Sendable {
        case linear(name: String, QuantizedLinear)
        case conv2d(name: String, QuantizedConv2D)
        case maxPool2d(Pool2DConfig)
        case avgPool2d(Pool2DConfig)
        case relu
        case flatten
        case residual(QuantizedResidual)
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
    /// The channels-last path's scratch, one per thread slot.
    let slotWorkspaces = (0..<ConvolutionPrimitives.slotCount).map { _ in ConvolutionWorkspace() }
    let lock = NSLock()

    /// Throws when an operation's input quantisation differs from what the previous one produces.
    public init(input: ActivationQuantization, operations: [Operation]) throws {
        var path: [Int] = []
        _ = try Self.check(operations, input: input, path: &path)
        self.input = input
        self.operations = operations
        let convolutions = Self.convolutions(in: operations)
        channelsLast = !convolutions.isEmpty && convolutions.allSatisfy { $0.core.outputs >= 16 }
    }

    /// Whether the oneDNN path runs channels last (oneDNN convolutions, chunks of images over
    /// threads) rather than planar (im2col + GEMM per layer): when every convolution has 16 or
    /// more output channels. Short channel vectors (LeNet's 6) favour the planar path: measured
    /// on LeNet-5, batch 256, 1 thread: planar 1.5 ms, channels last 2.5 ms; ResNet-20: planar
    /// 160 ms, channels last 38 ms.
    public let channelsLast: Bool

    static func convolutions(in ops: [Operation]) -> [QuantizedConv2D] {
        ops.flatMap { op -> [QuantizedConv2D] in
            switch op {
            case .conv2d(_, let c): return [c]
            case .residual(let r): return convolutions(in: r.body) + convolutions(in: r.shortcut ?? [])
            default: return []
            }
        }
    }

    /// The quantisation `ops` produce from `input`; throws at the first mismatch, naming the
    /// operation by its index path ("3.body.1").
    private static func check(_ ops: [Operation], input: ActivationQuantization, path: inout [Int]) throws -> ActivationQuantization {
        var current = input
        for (i, op) in ops.enumerated() {
            path.append(i)
            defer { path.removeLast() }
            let name = path.map(String.init).joined(separator: ".")
            switch op {
            case .linear(_, let l): current = try matched(l.core, current, name)
            case .conv2d(_, let c): current = try matched(c.core, current, name)
            case .residual(let r):
                let body = try check(r.body, input: current, path: &path)
                let shortcut = try r.shortcut.map { try check($0, input: current, path: &path) } ?? current
                guard r.add.a == body && r.add.b == shortcut else {
                    throw QuantizationError.invalidScheme("operation \(name): the sum expects \(r.add.a) and \(r.add.b), receives \(body) and \(shortcut)")
                }
                current = r.add.output
            default: break
            }
        }
        return current
    }

    private static func matched(_ core: IntegerMatmulCore, _ current: ActivationQuantization, _ name: String) throws -> ActivationQuantization {
        guard core.input == current else {
            throw QuantizationError.invalidScheme("operation \(name): expects input quantization \(core.input), receives \(current)")
        }
        return core.output
    }

    /// The output codes and their quantisation for a float batch.
    public func run(_ x: Tensor<Float>, backend: IntegerBackend? = nil) -> QuantizedActivation {
        let backend = backend ?? self.backend
        lock.lock()
        defer { lock.unlock() }
        let codes = QuantizedActivation(quantizing: x, input)
        return backend == .oneDNN && channelsLast ? runChannelsLast(operations, codes) : run(operations, codes, backend: backend)
    }

    private func run(_ ops: [Operation], _ x: QuantizedActivation, backend: IntegerBackend) -> QuantizedActivation {
        var h = x
        var i = 0
        while i < ops.count {
            let op = ops[i]
            i += 1
            switch op {
            case .linear(_, let l): h = l(h, backend: backend)
            case .conv2d(_, let c):
                // conv (+ fused ReLU) → max pool: pooled on the accumulators, same codes
                if i < ops.count, case .maxPool2d(let p) = ops[i] {
                    h = c(h, backend: backend, thenPool: p, workspace: workspace)
                    i += 1
                } else {
                    h = c(h, backend: backend, thenPool: nil, workspace: workspace)
                }
            case .maxPool2d(let config): h = maxPoolCodes(h, config)
            case .avgPool2d(let config): h = avgPoolCodes(h, config)
            case .relu: h = reluCodes(h)
            case .flatten: h.shape = [h.shape[0], h.codes.count / Swift.max(h.shape[0], 1)]
            case .residual(let r):
                let body = run(r.body, h, backend: backend)
                let shortcut = r.shortcut.map { run($0, h, backend: backend) } ?? h
                h = r.add(body, shortcut)
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

    var cores: [IntegerMatmulCore] { Self.cores(in: operations) }

    /// The integer layers in execution order (residual bodies before their shortcuts).
    static func cores(in ops: [Operation]) -> [IntegerMatmulCore] {
        ops.flatMap { op -> [IntegerMatmulCore] in
            switch op {
            case .linear(_, let l): return [l.core]
            case .conv2d(_, let c): return [c.core]
            case .residual(let r): return cores(in: r.body) + cores(in: r.shortcut ?? [])
            default: return []
            }
        }
    }
}
