import Foundation
import Testing
@testable import Quantization

@Suite struct SerializationTests {
    func lenetLike() throws -> (QuantizedModel, Tensor<Float>) {
        var rng = RandomGenerator(seed: 11)
        let model = Sequential<Float>(Conv2D(1, 4, kernelSize: 3, rng: &rng), Activation(.relu), MaxPool2D(kernelSize: 2), Flatten(),
                                      Linear(4 * 3 * 3, 5, rng: &rng))
        let x = Tensor<Float>.uniform([8, 1, 8, 8], rng: &rng)
        return (try PostTrainingQuantization(observer: .entropy).quantize(model, calibration: [x]), x)
    }

    func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("quanta-q-\(ProcessInfo.processInfo.processIdentifier)-\(name)")
    }

    @Test func roundTripIsExact() throws {
        let (q, x) = try lenetLike()
        let url = temporary("rt.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try q.save(to: url, metadata: ["quanta.model": "{}"])
        #expect(QuantizedModel.isQuantizedFile(url))
        let (loaded, meta) = try QuantizedModel.load(url)
        #expect(meta["quanta.model"] == "{}")
        #expect(loaded.run(x).codes == q.run(x).codes)
        #expect(loaded.info["observer"] == "entropy")
    }

    @Test func corruptFilesThrow() throws {
        let (q, _) = try lenetLike()
        let url = temporary("bad.safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try q.save(to: url)
        var (tensors, meta) = try SafeTensors.read(url)
        func rewrite(_ t: [String: SafeTensors.Entry], _ m: [String: String]) throws -> QuantizationError? {
            try SafeTensors.write(t.map { ($0.key, $0.value) }, metadata: m, to: url)
            do { _ = try QuantizedModel.load(url); return nil } catch let e as QuantizationError { return e }
        }
        var bad = tensors
        bad["0.weight_scale"] = .floats([0, 1, 1, 1])
        #expect(try rewrite(bad, meta)?.description.contains("scale") == true)
        bad = tensors
        bad["0.weight"]!.bytes[0] = 0x80      // −128 is outside [−127, 127]
        #expect(try rewrite(bad, meta)?.description.contains("outside") == true)
        bad = tensors
        bad.removeValue(forKey: "4.bias")
        #expect(try rewrite(bad, meta)?.description.contains("missing") == true)
        bad = tensors
        bad["extra"] = .ints([1])
        #expect(try rewrite(bad, meta)?.description.contains("unknown tensor") == true)
        meta["quanta.format"] = "something-else"
        #expect(try rewrite(tensors, meta)?.description.contains("not a quantized model") == true)
        tensors["4.output_zero_point"] = .ints([300])
        meta["quanta.format"] = QuantizedModel.formatVersion
        #expect(try rewrite(tensors, meta) != nil)
    }
}
