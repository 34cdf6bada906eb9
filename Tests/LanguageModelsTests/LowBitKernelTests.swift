import CKernels
import Foundation
import NeuralNetworks
import Testing
@testable import LanguageModels

/// The int8 block kernels against the Float product of the dequantised weights and
/// activations (the same numbers, so only rounding differs), on every instruction-set variant.
struct LowBitKernelTests {
    @Test func activationBlocksByHand() {
        var x = [Float](repeating: 0, count: 32)
        x[0] = 2.54
        x[1] = -1.27
        x[2] = 0.01
        var block = quanta_q8_block()
        quanta_quantize_q8_blocks(x, 32, &block)
        // d = 2.54 / 127 = 0.02: q = 127, −63.5 → −64 (away from zero), 0.5 → 1 (ties away).
        #expect(abs(block.d - 0.02) < 1e-7)
        #expect(withUnsafeBytes(of: block.q) { Array($0.prefix(3)).map { Int8(bitPattern: $0) } } == [127, -64, 1])
        #expect(abs(block.s - 0.02 * 64) < 1e-6)
    }

    static func product(type: GGUF.TensorType, rows: Int, cols: Int, tokens: Int, seed: UInt64) throws -> (fast: [Float], exact: [Float]) {
        var rng = RandomGenerator(seed: seed)
        let weights = (0..<(rows * cols)).map { _ in Float(rng.nextNormal()) + (type == .q4_1 ? 0.3 : 0) }
        let file = try GGUF(GGUF.encode(metadata: [:], tensors: [GGUF.NewTensor(name: "w", shape: [cols, rows], values: weights, type: type)]))
        let matrix = PackedMatrix(gguf: file, file.tensor(named: "w")!)
        let w = file.floats(file.tensor(named: "w")!)
        let x = (0..<(tokens * cols)).map { _ in Float(rng.nextNormal()) }
        let activations = Activations(x, rows: tokens, cols: cols)
        var fast = [Float](repeating: 0, count: tokens * rows)
        var exact = fast
        activations.withPointers(quantized: true) { blocks, _ in
            fast.withUnsafeMutableBufferPointer { y in
                matrix.multiply(rows: 0..<rows, tokens: tokens, blocks: blocks, floats: x, into: y.baseAddress!, ldy: rows)
            }
            // The activations the kernel sees: d·q per block.
            let seen = (0..<(tokens * cols)).map { i in
                let block = blocks[i / 32]
                return block.d * Float(withUnsafeBytes(of: block.q) { Int8(bitPattern: $0[i % 32]) })
            }
            for t in 0..<tokens {
                for r in 0..<rows {
                    var sum = 0.0
                    for k in 0..<cols { sum += Double(w[r * cols + k]) * Double(seen[t * cols + k]) }
                    exact[t * rows + r] = Float(sum)
                }
            }
        }
        return (fast, exact)
    }

    @Test(arguments: [GGUF.TensorType.q4_0, .q4_1, .q8_0], [0, 2])
    func blocksMatchTheDequantisedProduct(type: GGUF.TensorType, isa: Int32) throws {
        let previous = quanta_isa_override(isa)
        defer { _ = quanta_isa_override(previous) }
        // one token runs the two-block 512-bit kernel: an even block count, and an odd one with a tail
        for (tokens, cols) in [(1, 96), (1, 128), (3, 96), (4, 96), (9, 96)] {
            let (fast, exact) = try Self.product(type: type, rows: 37, cols: cols, tokens: tokens, seed: UInt64(tokens))
            let scale = exact.map(abs).max()!
            let worst = zip(fast, exact).map { abs($0 - $1) }.max()!
            #expect(worst < 2e-5 * scale, "\(type) isa \(isa) tokens \(tokens) cols \(cols): \(worst) vs \(scale)")
        }
    }

    @Test func workerPoolCoversEveryIndexOnce() {
        for threads in [1, 2, 3] {
            let pool = WorkerPool(threads: threads)
            for items in [0, 1, 5, 64, 1000] {
                var hits = [Int](repeating: 0, count: items)
                hits.withUnsafeMutableBufferPointer { h in
                    let base = h.baseAddress
                    pool.run(items: items, granularity: 4) { range in
                        for i in range { base![i] += 1 }
                    }
                }
                #expect(hits.allSatisfy { $0 == 1 }, "threads \(threads) items \(items)")
            }
        }
    }
}
