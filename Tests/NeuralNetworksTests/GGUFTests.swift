import Foundation
import XCTest
@testable import NeuralNetworks
import Tensor

/// GGUF reading: a file built byte by byte here (metadata of every scalar type, an array, and
/// F32, F16, BF16, Q8_0, Q4_0, Q4_1 tensors with values worked out by hand), and refusals of
/// broken headers, including a seeded fuzz over mutated bytes that must never crash.
final class GGUFTests: XCTestCase {
    struct Builder {
        var header = Data()
        mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { header.append(contentsOf: $0) } }
        mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { header.append(contentsOf: $0) } }
        mutating func string(_ s: String) {
            u64(UInt64(s.utf8.count))
            header.append(contentsOf: Array(s.utf8))
        }
    }

    static func half(_ x: Float) -> [UInt8] { withUnsafeBytes(of: Float16(x).bitPattern.littleEndian) { Array($0) } }

    /// Tensors: a (F32, [2]) = 1.5, −2; b (F16, [2]) = 0.5, 3; c (BF16, [1]) = 1; q8 (Q8_0, [32])
    /// d = 0.5, q_j = j − 16; q4 (Q4_0, [32]) d = 2, nibble j % 16; q41 (Q4_1, [32]) d = 1, m = −1.
    static func file() -> Data {
        var b = Builder()
        b.u32(0x4655_4747)
        b.u32(3)
        b.u64(6)
        b.u64(3)
        b.string("general.name")
        b.u32(8)
        b.string("tiny")
        b.string("llama.context_length")
        b.u32(4)
        b.u32(128)
        b.string("tokenizer.ggml.scores")
        b.u32(9)
        b.u32(6)
        b.u64(2)
        b.u32(Float(0.25).bitPattern)
        b.u32(Float(-1).bitPattern)
        var data = Data()
        var blobs = [[UInt8]]()
        blobs.append(withUnsafeBytes(of: Float(1.5).bitPattern.littleEndian) { Array($0) } + withUnsafeBytes(of: Float(-2).bitPattern.littleEndian) { Array($0) })
        blobs.append(half(0.5) + half(3))
        blobs.append([0x80, 0x3F])
        blobs.append(half(0.5) + (0..<32).map { UInt8(bitPattern: Int8($0 - 16)) })
        blobs.append(half(2) + (0..<16).map { UInt8($0) | UInt8($0) << 4 })
        blobs.append(half(1) + half(-1) + (0..<16).map { UInt8($0) | UInt8(15 - $0) << 4 })
        let specs: [(String, UInt64, UInt32)] = [("a", 2, 0), ("b", 2, 1), ("c", 1, 30), ("q8", 32, 8), ("q4", 32, 2), ("q41", 32, 3)]
        var offset: UInt64 = 0
        var offsets = [UInt64]()
        for blob in blobs {
            offsets.append(offset)
            offset += (UInt64(blob.count) + 31) / 32 * 32
        }
        for ((name, n, type), o) in zip(specs, offsets) {
            b.string(name)
            b.u32(1)
            b.u64(n)
            b.u32(type)
            b.u64(o)
        }
        data.append(b.header)
        while data.count % 32 != 0 { data.append(0) }
        for blob in blobs {
            data.append(contentsOf: blob)
            while data.count % 32 != 0 { data.append(0) }
        }
        return data
    }

    func testReadsMetadataAndDequantisesEveryType() throws {
        let g = try GGUF(Self.file())
        XCTAssertEqual(g.version, 3)
        XCTAssertEqual(g.metadata["general.name"], .string("tiny"))
        XCTAssertEqual(g.metadata["llama.context_length"], .unsigned(128))
        XCTAssertEqual(g.metadata["tokenizer.ggml.scores"], .array([.float(0.25), .float(-1)]))
        XCTAssertEqual(g.tensors.map(\.name), ["a", "b", "c", "q8", "q4", "q41"])
        XCTAssertEqual(try g.floats(named: "a"), [1.5, -2])
        XCTAssertEqual(try g.floats(named: "b"), [0.5, 3])
        XCTAssertEqual(try g.floats(named: "c"), [1])
        XCTAssertEqual(try g.floats(named: "q8"), (0..<32).map { 0.5 * Float($0 - 16) })
        XCTAssertEqual(try g.floats(named: "q4"), (0..<32).map { 2 * Float($0 % 16 - 8) })
        XCTAssertEqual(try g.floats(named: "q41"), (0..<16).map { Float($0) - 1 } + (0..<16).map { Float(15 - $0) - 1 })
        XCTAssertThrowsError(try g.floats(named: "missing"))
    }

    func testBrokenHeadersAreRefusedWithTheReason() throws {
        let good = Self.file()
        func refusal(_ mutate: (inout Data) -> Void) -> String {
            var d = good
            mutate(&d)
            do {
                _ = try GGUF(d)
                return "accepted"
            } catch { return "\(error)" }
        }
        XCTAssertTrue(refusal { $0[0] = 0x58 }.contains("bad magic"))
        XCTAssertTrue(refusal { $0 = $0.prefix(40) }.contains("tensor count 6 is more than the file can hold"))
        XCTAssertTrue(refusal { $0 = $0.prefix(300) }.contains("ends inside"))
        XCTAssertTrue(refusal { $0.replaceSubrange(8..<16, with: [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]) }.contains("more than the file can hold"))
        XCTAssertTrue(refusal { $0 = $0.prefix($0.count - 40) }.contains("past the end"))
        // the tensor type of "a" (the u32 after its name, dims and one dimension) set to 99
        let name = good.firstRange(of: Data([1, 0, 0, 0, 0, 0, 0, 0, 0x61]))!
        let typeAt = name.upperBound + 4 + 8
        XCTAssertTrue(refusal { $0[typeAt] = 99 }.contains("unknown or unsupported tensor type 99"))
        XCTAssertTrue(refusal { $0[name.upperBound + 4 + 7] = 0x7F }.contains("absurd dimension"))
    }

    func testMutatedHeadersNeverCrash() {
        let good = Self.file()
        var rng = RandomGenerator(seed: 11)
        var refused = 0
        for _ in 0..<2000 {
            var d = good
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let at = Int(rng.next() % UInt64(min(d.count, 400)))
                d[at] = UInt8(truncatingIfNeeded: rng.next())
            }
            if let g = try? GGUF(d) {
                for t in g.tensors { XCTAssertEqual(g.floats(t).count, t.elementCount) }
            } else {
                refused += 1
            }
        }
        XCTAssertGreaterThan(refused, 100)
    }
}

/// The real SmolLM2-135M file, when `QUANTA_SMOLLM2` names it: the tensor table and dequantised
/// values against the `gguf` Python package's (0.17, stored here: first values and Σ|x|).
final class GGUFModelFileTests: XCTestCase {
    func testSmolLM2AgainstTheGGUFPackage() throws {
        guard let path = ProcessInfo.processInfo.environment["QUANTA_SMOLLM2"] else { throw XCTSkip("QUANTA_SMOLLM2 not set") }
        let g = try GGUF(contentsOf: URL(fileURLWithPath: path))
        XCTAssertEqual(g.tensors.count, 272)
        XCTAssertEqual(g.metadata.count, 36 - 3)   // the package also counts magic, version and counts as fields
        let expected: [(String, [Float], Double)] = [
            ("token_embd.weight", [-0.10654449462890625, 0.032978057861328125, 0.048198699951171875, -0.022830963134765625], 2802153.5),
            ("blk.0.attn_q.weight", [-0.0963134765625, 0.1573486328125, -0.0963134765625, -0.73046875], 63395.3984375),
            ("output_norm.weight", [1.7578125, 1.8203125, 1.78125, 1.6015625], 1045.09765625),
            ("blk.29.ffn_down.weight", [-0.2733154296875, 0.186279296875, 0.186279296875, 0.04840087890625], 126250.9140625),
        ]
        for (name, first, total) in expected {
            let x = try g.floats(named: name)
            XCTAssertEqual(Array(x.prefix(4)), first, name)
            XCTAssertEqual(x.reduce(0.0) { $0 + Double(abs($1)) }, total, accuracy: total * 1e-6, name)
        }
    }
}

/// Writing: every type round-trips through the reader within its quantisation step, metadata
/// keeps its values, and bad shapes are refused.
final class GGUFWriterTests: XCTestCase {
    func testEveryTypeRoundTrips() throws {
        var rng = RandomGenerator(seed: 12)
        let values = (0..<64).map { _ in Float(rng.nextNormal()) }
        let types: [GGUF.TensorType] = [.f32, .f16, .bf16, .q8_0, .q4_0, .q4_1]
        let tensors = types.map { GGUF.NewTensor(name: "t.\($0)", shape: [32, 2], values: values, type: $0) }
        let metadata: [String: GGUF.Value] = ["general.architecture": .string("llama"), "llama.block_count": .unsigned(2),
                                              "x.big": .unsigned(1 << 40), "x.neg": .int(-3), "x.f": .float(0.5), "x.b": .bool(true),
                                              "x.list": .array([.string("a"), .string("bc")])]
        let g = try GGUF(try GGUF.encode(metadata: metadata, tensors: tensors))
        XCTAssertEqual(g.metadata, metadata)
        XCTAssertEqual(g.tensors.map(\.shape), Array(repeating: [32, 2], count: 6))
        for t in types {
            let back = try g.floats(named: "t.\(t)")
            // the largest error a block's step allows: F16 / BF16 by their mantissas, Q8 d/2, Q4_0 d, Q4_1 d/2
            for b in 0..<2 {
                let block = values[(32 * b)..<(32 * b + 32)]
                let amax = block.map { abs($0) }.max()!
                let bound: Float
                switch t {
                case .f32: bound = 0
                case .f16: bound = amax / 1024
                case .bf16: bound = amax / 128
                case .q8_0: bound = amax / 127 / 2 + amax / 1024
                case .q4_0: bound = amax / 8 + amax / 512
                case .q4_1: bound = (block.max()! - block.min()!) / 15 / 2 + amax / 256
                }
                for j in (32 * b)..<(32 * b + 32) { XCTAssertLessThanOrEqual(abs(back[j] - values[j]), bound, "\(t) element \(j)") }
            }
        }
        XCTAssertThrowsError(try GGUF.encode(metadata: [:], tensors: [GGUF.NewTensor(name: "bad", shape: [31], values: Array(values.prefix(31)), type: .q8_0)]))
        XCTAssertThrowsError(try GGUF.encode(metadata: ["mixed": .array([.bool(true), .string("x")])], tensors: []))
    }
}
