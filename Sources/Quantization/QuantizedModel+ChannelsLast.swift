import CDNNL
import Foundation
import Synchronization

/// The oneDNN path of `QuantizedModel`: the batch is cut into chunks of `chunkImages` images and
/// each chunk runs through every operation channels last (oneDNN int8 convolutions with exact
/// int32 accumulators, Quanta's requantisation, sums and pooling on codes) while its
/// activations stay in cache; chunks are spread over the integer threads (`IntegerGEMM.threads`).
/// The codes equal the reference path's bit for bit.
extension QuantizedModel {
    /// Images per chunk: their largest activations and int32 accumulators fit in L2.
    static let chunkImages = 16

    func runChannelsLast(_ ops: [Operation], _ x: QuantizedActivation) -> QuantizedActivation {
        let batch = x.shape[0]
        let starts = Array(stride(from: 0, to: batch, by: Self.chunkImages))
        var results = [QuantizedActivation?](repeating: nil, count: starts.count)
        let slots = SlotPool(count: ConvolutionPrimitives.slotCount)
        let threads = Swift.min(IntegerGEMM.threads, ConvolutionPrimitives.slotCount)
        // The caller's own OpenMP team must not open a parallel region inside its chunk.
        let ompThreads = omp_get_max_threads()
        if ompThreads != 1 { omp_set_num_threads(1) }
        defer { if ompThreads != 1 { omp_set_num_threads(ompThreads) } }
        results.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            IntegerGEMMWorkers.shared.run(starts.count, threads: threads) { t in
                let slot = slots.take()
                defer { slots.give(slot) }
                let count = Swift.min(Self.chunkImages, batch - starts[t])
                var h = x.shape.count == 4 ? ChannelsLast.fromPlanar(x, images: starts[t], count: count) : Self.rows(x, starts[t], count)
                h = runChunk(ops, h, slot: slot)
                out[t] = h.shape.count == 4 ? ChannelsLast.toPlanar(h, flatten: false) : h
            }
        }
        return Self.concatenated(results.map { $0! })
    }

    private func runChunk(_ ops: [Operation], _ x: QuantizedActivation, slot: Int) -> QuantizedActivation {
        var h = x
        var i = 0
        while i < ops.count {
            let op = ops[i]
            i += 1
            switch op {
            case .linear(_, let l): h = l(h, backend: .oneDNN)
            case .conv2d(_, let c):
                var pool: Pool2DConfig?
                if i < ops.count, case .maxPool2d(let p) = ops[i] {
                    pool = p
                    i += 1
                }
                h = c.channelsLast(h, slot: slot, workspace: slotWorkspaces[slot], thenPool: pool)
            case .maxPool2d(let config): h = ChannelsLast.maxPool(h, config)
            case .avgPool2d(let config): h = ChannelsLast.averagePool(h, config)
            case .relu: h = reluCodes(h)
            case .flatten: h = h.shape.count == 4 ? ChannelsLast.toPlanar(h, flatten: true) : h
            case .residual(let r):
                let body = runChunk(r.body, h, slot: slot)
                let shortcut = r.shortcut.map { runChunk($0, h, slot: slot) } ?? h
                h = r.add(body, shortcut)
            }
        }
        return h
    }

    /// Rows first..<first + count of a 2-D activation.
    private static func rows(_ x: QuantizedActivation, _ first: Int, _ count: Int) -> QuantizedActivation {
        let width = x.shape[1]
        return QuantizedActivation(codes: Array(x.codes[first * width..<(first + count) * width]), shape: [count, width], parameters: x.parameters)
    }

    /// The chunks' outputs stacked along the batch.
    private static func concatenated(_ parts: [QuantizedActivation]) -> QuantizedActivation {
        guard parts.count > 1 else { return parts[0] }
        var shape = parts[0].shape
        shape[0] = parts.reduce(0) { $0 + $1.shape[0] }
        return QuantizedActivation(codes: parts.flatMap(\.codes), shape: shape, parameters: parts[0].parameters)
    }
}

/// Indices 0..<count handed to one thread at a time.
final class SlotPool: Sendable {
    private let free: Mutex<[Int]>
    init(count: Int) { free = Mutex(Array((0..<count).reversed())) }
    func take() -> Int { free.withLock { $0.popLast()! } }
    func give(_ slot: Int) { free.withLock { $0.append(slot) } }
}
