import Foundation
import Synchronization

/// The oneDNN primitives of one integer convolution, by (images, height, width), each with a
/// slot per thread (`slotCount`).
final class ConvolutionPrimitives: Sendable {
    struct Key: Hashable {
        let images: Int, height: Int, width: Int
    }

    /// Slots per primitive: one per processor, the most threads a batch is split over.
    static let slotCount = Swift.max(2, ProcessInfo.processInfo.activeProcessorCount)
    private let kernels = Mutex<[Key: ConvolutionKernel]>([:])

    /// The primitive for `key`, built by `make` on first use.
    func kernel(_ key: Key, make: () -> ConvolutionKernel) -> ConvolutionKernel {
        kernels.withLock { cache in
            if let k = cache[key] { return k }
            let k = make()
            k.reserve(slots: Self.slotCount)
            cache[key] = k
            return k
        }
    }
}

extension QuantizedConv2D {
    /// The convolution of channels-last codes [N, H, W, C] → [N, OH, OW, O] on oneDNN's int8
    /// convolution (exact int32 accumulators), then the layer's offsets and requantisation: the
    /// same codes as the reference path. Inputs whose zero point is not 0 are padded here with
    /// it (oneDNN pads with 0). `slot` is the calling thread's slot; `workspace` its scratch.
    ///
    /// A following max pooling (`thenPool`) is applied to the accumulators before requantisation
    /// (exact: requantisation is non-decreasing), so only the pooled values are requantised.
    func channelsLast(_ x: QuantizedActivation, slot: Int, workspace: ConvolutionWorkspace, thenPool: Pool2DConfig? = nil) -> QuantizedActivation {
        precondition(x.shape.count == 4 && x.shape[3] == inChannels, "QuantizedConv2D: input \(x.shape) is not [N, H, W, \(inChannels)]")
        precondition(x.parameters == core.input, "QuantizedConv2D: input quantization \(x.parameters) differs from the layer's \(core.input)")
        let (b, h, w) = (x.shape[0], x.shape[1], x.shape[2])
        let (oh, ow) = outputSize(h, w)
        precondition(oh > 0 && ow > 0, "QuantizedConv2D: input \(x.shape) is smaller than the kernel \(kernel)")
        let n = core.outputs
        let prePad = config.padding != (0, 0) && x.parameters.zeroPoint != 0
        let (ih, iw) = prePad ? (h + 2 * config.padding.0, w + 2 * config.padding.1) : (h, w)
        let kernelPrimitive = primitives.kernel(.init(images: b, height: ih, width: iw)) {
            ConvolutionKernel(images: b, channels: inChannels, height: ih, width: iw, outputs: n, kernel: kernel, config: config,
                              padding: prePad ? (0, 0) : config.padding, signed: x.parameters.isSigned, rows: weightRows)
        }
        let rows = b * oh * ow
        let acc = workspace.buffer(1, bytes: 4 * rows * n).assumingMemoryBound(to: Int32.self)
        x.codes.withUnsafeBufferPointer { src in
            var input = src.baseAddress!
            if prePad {
                let padded = workspace.buffer(0, bytes: b * ih * iw * inChannels).assumingMemoryBound(to: UInt8.self)
                pad(input, into: padded, images: b, height: h, width: w, fill: UInt8(truncatingIfNeeded: x.parameters.zeroPoint))
                input = UnsafePointer(padded)
            }
            kernelPrimitive.execute(slot: slot, x: input, acc: acc)
        }
        var (values, ph, pw) = (UnsafePointer(acc), oh, ow)
        if let p = thenPool {
            (ph, pw) = ((oh - p.kernel.0) / p.stride.0 + 1, (ow - p.kernel.1) / p.stride.1 + 1)
            let pooled = workspace.buffer(2, bytes: 4 * b * ph * pw * n).assumingMemoryBound(to: Int32.self)
            ChannelsLast.maxPool(values, into: pooled, images: b, height: oh, width: ow, channels: n, p) { $0 }
            values = UnsafePointer(pooled)
        }
        let count = b * ph * pw * n
        let codes = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            core.periodic.run(values, count: count, into: out.baseAddress!)
            initialized = count
        }
        return QuantizedActivation(codes: codes, shape: [b, ph, pw, n], parameters: core.output)
    }

    /// Copies [N, H, W, C] codes into [N, H + 2p, W + 2q, C] surrounded by `fill`. O(N·(H + 2p)·(W + 2q)·C).
    private func pad(_ x: UnsafePointer<UInt8>, into out: UnsafeMutablePointer<UInt8>, images: Int, height h: Int, width w: Int, fill: UInt8) {
        let (p, q) = config.padding, c = inChannels
        let (ph, pw) = (h + 2 * p, w + 2 * q)
        out.update(repeating: fill, count: images * ph * pw * c)
        for n in 0..<images {
            for y in 0..<h {
                let src = x + (n * h + y) * w * c
                let dst = out + ((n * ph + y + p) * pw + q) * c
                dst.update(from: src, count: w * c)
            }
        }
    }
}
