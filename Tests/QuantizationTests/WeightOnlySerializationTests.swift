import Foundation
import Testing
@testable import Quantization

/// Weight-only (RTN) models through safetensors: exact round trips and damaged files.
@Suite struct WeightOnlySerializationTests {
    /// A small conv net with every kind of layer a file must carry: Conv2D, BatchNorm (buffers),
    /// ReLU, pooling, Flatten and Linear with and without bias.
    static func floatModel(seed: UInt64 = 5) -> Sequential<Float> {
        var rng = RandomGenerator(seed: seed)
        return Sequential<Float>(Conv2D(1, 4, kernelSize: 3, padding: 1, rng: &rng), BatchNorm.twoD(4), Activation(.relu),
                                 MaxPool2D(kernelSize: 2), Flatten(), Linear(4 * 4 * 4, 37, rng: &rng), Activation(.relu),
                                 Linear(37, 5, bias: false, rng: &rng))
    }

    /// The float model with non-trivial BatchNorm statistics (a few training-mode batches).
    static func trainedModel() -> (Sequential<Float>, Tensor<Float>) {
        let model = floatModel()
        var rng = RandomGenerator(seed: 17)
        for _ in 0..<3 { _ = model(Tensor<Float>.normal([8, 1, 8, 8], rng: &rng)) }
        model.isTraining = false
        return (model, Tensor<Float>.normal([16, 1, 8, 8], rng: &rng))
    }

    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("quanta-wo-\(ProcessInfo.processInfo.processIdentifier)-\(name)")
    }

    static let schemes: [QuantizationScheme] = [
        try! .weights(bits: 8, granularity: .perChannel(axis: 0)), try! .weights(bits: 4, granularity: .perGroup(size: 32)),
        try! .weights(bits: 3, granularity: .perGroup(size: 7)), try! .weights(bits: 2, granularity: .perTensor),
        try! QuantizationScheme(bits: 4, signed: false, symmetric: false, granularity: .perGroup(size: 16)),
    ]

    @Test(arguments: schemes)
    func roundTripIsBitIdentical(scheme: QuantizationScheme) throws {
        let (float, x) = Self.trainedModel()
        let rtn = try WeightOnlyQuantization.roundToNearest(float, scheme: scheme)
        let url = Self.temporary("rt-\(scheme.bits).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try WeightOnlyQuantization.save(rtn, to: url, metadata: ["quanta.model": "{\"x\":1}"])
        let (loaded, meta) = try WeightOnlyQuantization.load(url, into: Self.floatModel(seed: 99))
        #expect(meta["quanta.model"] == "{\"x\":1}" && WeightOnlyQuantization.isWeightOnly(meta))
        #expect(loaded.layers.count == rtn.layers.count)
        for (a, b) in zip(rtn.layers, loaded.layers) {
            let pa = (a as? WeightOnlyLinear)?.weights ?? (a as? WeightOnlyConv2D)?.weights
            let pb = (b as? WeightOnlyLinear)?.weights ?? (b as? WeightOnlyConv2D)?.weights
            #expect((pa == nil) == (pb == nil))
            if let pa, let pb {
                #expect(pa.packed == pb.packed && pa.parameters == pb.parameters)
            }
        }
        #expect(WeightOnlyQuantization.byteCount(loaded) == WeightOnlyQuantization.byteCount(rtn))
        #expect(loaded(x) == rtn(x))      // same codes, scales, biases and BatchNorm state: identical logits
    }

    @Test func refusesAnotherArchitectureAndOtherFormats() throws {
        let (float, _) = Self.trainedModel()
        let url = Self.temporary("arch.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try WeightOnlyQuantization.save(try WeightOnlyQuantization.roundToNearest(float, scheme: .weights(bits: 4)), to: url)
        var rng = RandomGenerator(seed: 1)
        let other = Sequential<Float>(Flatten(), Linear(64, 5, rng: &rng))
        #expect(throws: QuantizationError.self) { try WeightOnlyQuantization.load(url, into: other) }
        try Checkpoint.save(model: float, to: url)
        let error = #expect(throws: QuantizationError.self) { try WeightOnlyQuantization.load(url, into: Self.floatModel()) }
        #expect(error?.description.contains(url.path) == true && error?.description.contains("not a weight-only model") == true)
        #expect(throws: QuantizationError.self) { try WeightOnlyQuantization.save(float, to: url) }
    }

    @Test func namesTheTensorAtFault() throws {
        let (float, _) = Self.trainedModel()
        let url = Self.temporary("named.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try WeightOnlyQuantization.save(try WeightOnlyQuantization.roundToNearest(float, scheme: .weights(bits: 2, granularity: .perGroup(size: 32))), to: url)
        let (tensors, meta) = try SafeTensors.read(url)
        func problem(_ t: [String: SafeTensors.Entry], _ m: [String: String]) throws -> String {
            try SafeTensors.write(t.map { ($0.key, $0.value) }, metadata: m, to: url)
            do { _ = try WeightOnlyQuantization.load(url, into: Self.floatModel()); return "" } catch { return "\(error)" }
        }
        var bad = tensors
        bad["5.weight_scale"]!.bytes.replaceSubrange(0..<4, with: [0, 0, 0x80, 0xff])   // −inf
        #expect(try problem(bad, meta).contains("5.weight_scale"))
        bad = tensors
        bad["5.weight_codes"]!.bytes[0] = 0xff      // 2-bit code 3 is outside [−1, 1] + 1
        #expect(try problem(bad, meta).contains("exceeds"))
        bad = tensors
        bad["0.weight_codes"]!.shape = [2, bad["0.weight_codes"]!.bytes.count / 2]
        #expect(try problem(bad, meta).contains("'0.weight_codes' has shape"))
        bad = tensors
        bad["1.running_var"]!.bytes.replaceSubrange(0..<4, with: [0, 0, 0xc0, 0x7f])   // NaN
        #expect(try problem(bad, meta).contains("1.running_var"))
        bad = tensors
        bad.removeValue(forKey: "5.bias")
        #expect(try problem(bad, meta).contains("'5.bias' is missing"))
        bad = tensors
        bad["7.bias"] = .floats([0, 0, 0, 0, 0])
        #expect(try problem(bad, meta).contains("unknown tensor '7.bias'"))
        var m = meta
        m[WeightOnlyQuantization.specKey] = meta[WeightOnlyQuantization.specKey]!.replacingOccurrences(of: "\"bits\":2", with: "\"bits\":9")
        #expect(try problem(tensors, m).contains("bits must be 2…8"))
        m[WeightOnlyQuantization.specKey] = meta[WeightOnlyQuantization.specKey]!.replacingOccurrences(of: "\"group_size\":32", with: "\"group_size\":0")
        #expect(try problem(tensors, m).contains("group size"))
    }
}
