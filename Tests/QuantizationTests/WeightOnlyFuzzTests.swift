import Foundation
import Testing
@testable import Quantization

/// Seeded damage to weight-only model files: every case must either be refused with an error
/// naming the file or load into a model that runs — never crash.
@Suite struct WeightOnlyFuzzTests {
    typealias Tensors = [String: SafeTensors.Entry]
    static let sizes = ["U8": 1, "I8": 1, "I32": 4, "F32": 4, "F64": 8]

    /// A saved 3-bit group-7 model (odd sizes: codes straddle bytes, rows end in padding bits).
    static func original(_ url: URL) throws -> (bytes: [UInt8], tensors: Tensors, metadata: [String: String]) {
        let (float, _) = WeightOnlySerializationTests.trainedModel()
        let rtn = try WeightOnlyQuantization.roundToNearest(float, scheme: .weights(bits: 3, granularity: .perGroup(size: 7)))
        try WeightOnlyQuantization.save(rtn, to: url, metadata: ["quanta.model": "{}"])
        let (tensors, metadata) = try SafeTensors.read(url)
        return ([UInt8](try Data(contentsOf: url)), tensors, metadata)
    }

    /// Loads `url`; returns whether it was refused. A refusal must name the file; an accepted
    /// model must run on a batch and give logits of the right shape (random scales may overflow them).
    static func outcome(_ url: URL, _ x: Tensor<Float>, _ label: String) -> Bool {
        do {
            let (model, _) = try WeightOnlyQuantization.load(url, into: WeightOnlySerializationTests.floatModel())
            let y = model(x)
            #expect(y.shape == [x.shape[0], 5], "\(label): logits \(y.shape)")
            return false
        } catch {
            #expect("\(error)".contains(url.path), "\(label): message \("\(error)".debugDescription) does not name the file")
            return true
        }
    }

    @Test func damagedBytes() throws {
        let url = WeightOnlySerializationTests.temporary("fuzz-bytes.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let (bytes, _, _) = try Self.original(url)
        let x = WeightOnlySerializationTests.trainedModel().1
        var rng = RandomGenerator(seed: 77)
        var refused = 0
        for round in 0..<300 {
            var b = bytes
            func position() -> Int { Int(rng.next() % UInt64(b.count)) }
            switch round % 5 {
            case 0: b = Array(b.prefix(position()))                                                      // truncate
            case 1: for _ in 0...(rng.next() % 4) { b[position()] ^= UInt8(1 << (rng.next() % 8)) }       // flip bits
            case 2: b[position()] = UInt8(truncatingIfNeeded: rng.next())                                  // garble a byte
            case 3: b.insert(contentsOf: (0..<(1 + Int(rng.next() % 8))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: position())
            default: b += (0..<(1 + Int(rng.next() % 32))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            }
            try Data(b).write(to: url)
            if Self.outcome(url, x, "round \(round)") { refused += 1 }
        }
        #expect(refused > 150 && refused < 300, "\(refused) of 300 damaged files refused (some damage, e.g. to a bias, leaves a valid model)")
    }

    @Test func damagedStructure() throws {
        let url = WeightOnlySerializationTests.temporary("fuzz-structure.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        let (_, tensors, metadata) = try Self.original(url)
        let x = WeightOnlySerializationTests.trainedModel().1
        let names = tensors.keys.sorted()
        let spec = try #require(try JSONSerialization.jsonObject(with: Data(metadata[WeightOnlyQuantization.specKey]!.utf8)) as? [String: Any])
        let odd: [Any] = [-1, 0, 1, 2, 3, 9, 1 << 40, Int.max, 2.5, "x", "group", "channel", "tensor", NSNull(), [Int](), [1, 2], [2, 2, 2, 2], true]
        var rng = RandomGenerator(seed: 78)
        var refused = 0
        for round in 0..<200 {
            var t = tensors, m = metadata
            let name = names[Int(rng.next() % UInt64(names.count))]
            switch round % 6 {
            case 0:  // a wrong shape (bytes kept, so the reader or the loader must notice)
                var shape = t[name]!.shape
                if shape.isEmpty || rng.next() % 3 == 0 { shape.append(1) } else { shape[Int(rng.next() % UInt64(shape.count))] += Int(rng.next() % 3) - 1 }
                let count = shape.reduce(1, *), size = Self.sizes[t[name]!.dtype]!
                t[name] = SafeTensors.Entry(dtype: t[name]!.dtype, shape: shape, bytes: [UInt8](repeating: 0, count: Swift.max(count, 0) * size))
            case 1:  // another dtype over the same bytes
                let dtype = ["U8", "I8", "I32", "F32", "F64"][Int(rng.next() % 5)], size = Self.sizes[dtype]!
                let old = t[name]!, count = old.bytes.count / size
                let shape = size == Self.sizes[old.dtype]! ? old.shape : [count]
                t[name] = SafeTensors.Entry(dtype: dtype, shape: shape, bytes: Array(old.bytes.prefix(count * size)))
            case 2: t.removeValue(forKey: name)
            case 3: t[name]!.bytes = t[name]!.bytes.map { _ in UInt8(truncatingIfNeeded: rng.next()) }     // random contents
            default:  // a spec field set to something odd, or metadata removed
                var s = spec
                var layers = s["layers"] as! [[String: Any]]
                let i = Int(rng.next() % UInt64(layers.count))
                let keys = ["name", "kind", "weight_shape", "bits", "signed", "symmetric", "granularity", "axis", "group_size",
                            "stride", "padding", "dilation", "groups"]
                let key = keys[Int(rng.next() % UInt64(keys.count))]
                if rng.next() % 5 == 0 { layers[i].removeValue(forKey: key) } else { layers[i][key] = odd[Int(rng.next() % UInt64(odd.count))] }
                s["layers"] = layers
                if rng.next() % 7 == 0 { s["layer_types"] = ["Linear"] }
                m[WeightOnlyQuantization.specKey] = String(decoding: try JSONSerialization.data(withJSONObject: s), as: UTF8.self)
                if rng.next() % 9 == 0 { m.removeValue(forKey: ["quanta.format", WeightOnlyQuantization.specKey][Int(rng.next() % 2)]) }
            }
            try SafeTensors.write(t.map { ($0.key, $0.value) }, metadata: m, to: url)
            if Self.outcome(url, x, "round \(round) (\(name))") { refused += 1 }
        }
        #expect(refused > 120 && refused < 200, "\(refused) of 200 damaged files refused")
    }
}
