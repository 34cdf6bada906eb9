import Foundation
import Testing
@testable import Quantization

/// Integer inference of residual networks: sums, average pooling, grouped convolutions, packed
/// 2/4-bit weights, and the channels-last oneDNN path against the planar reference bit for bit.
@Suite struct ResidualIntegerTests {
    /// A small ResNet/MobileNet mix on [N, 2, 8, 8]: stem, an identity block, a strided block with
    /// a 1×1 shortcut, a depthwise-separable pair, global average pooling and a linear head.
    /// BatchNorm statistics are drawn, so folding matters.
    static func network(seed: UInt64) -> Sequential<Float> {
        var rng = RandomGenerator(seed: seed)
        func bn(_ c: Int) -> BatchNorm<Float> {
            let b = BatchNorm<Float>.twoD(c)
            _ = b.setBuffer("running_mean", to: Tensor<Float>.normal([c], std: 0.2, rng: &rng))
            _ = b.setBuffer("running_var", to: Tensor<Float>.uniform([c], low: 0.5, high: 2, rng: &rng))
            return b
        }
        let identity = Residual<Float>(Sequential([
            Conv2D<Float>(16, 16, kernelSize: 3, padding: 1, bias: false, rng: &rng), bn(16), Activation<Float>(.relu),
            Conv2D<Float>(16, 16, kernelSize: 3, padding: 1, bias: false, rng: &rng), bn(16),
        ]), activation: Activation<Float>(.relu))
        let strided = Residual<Float>(Sequential([
            Conv2D<Float>(16, 32, kernelSize: 3, stride: 2, padding: 1, bias: false, rng: &rng), bn(32), Activation<Float>(.relu),
            Conv2D<Float>(32, 32, kernelSize: 3, padding: 1, bias: false, rng: &rng), bn(32),
        ]), shortcut: Sequential([Conv2D<Float>(16, 32, kernelSize: 1, stride: 2, bias: false, rng: &rng), bn(32)]),
            activation: Activation<Float>(.relu))
        return Sequential([
            Conv2D<Float>(2, 16, kernelSize: 3, padding: 1, bias: false, rng: &rng), bn(16), Activation<Float>(.relu),
            identity, strided,
            Conv2D<Float>(32, 32, kernelSize: (3, 3), stride: (1, 1), padding: (1, 1), groups: 32, bias: false, rng: &rng), bn(32),
            Activation<Float>(.relu),
            Conv2D<Float>(32, 16, kernelSize: 1, rng: &rng), Activation<Float>(.relu),
            AvgPool2D<Float>(kernelSize: 4), Flatten<Float>(), Linear<Float>(16, 5, rng: &rng),
        ])
    }

    /// 37 images (chunks of 16, 16 and 5), inputs in [−1, 1] (a non-zero input zero point, so
    /// the padded stem takes the pre-padding path).
    static func images(seed: UInt64) -> Tensor<Float> {
        var rng = RandomGenerator(seed: seed)
        return Tensor<Float>.uniform([37, 2, 8, 8], low: -1, high: 1, rng: &rng)
    }

    @Test(arguments: [(8, true), (4, true), (2, true), (4, false), (8, false)])
    func channelsLastEqualsTheReferenceBitForBit(bits: Int, perChannel: Bool) throws {
        let model = Self.network(seed: 1)
        model.isTraining = false
        let x = Self.images(seed: 2)
        for signed in [false, true] {
            let ptq = PostTrainingQuantization(weightScheme: try .weights(bits: bits, granularity: perChannel ? .perChannel(axis: 0) : .perTensor),
                                               activationScheme: try .activations(signed: signed))
            let q = try ptq.quantize(model, calibration: [x])
            #expect(q.channelsLast)
            let reference = q.run(x, backend: .reference)
            for threads in [1, 2] {
                IntegerGEMM.setThreads(threads)
                defer { IntegerGEMM.setThreads(1) }
                let fast = q.run(x, backend: .oneDNN)
                #expect(fast.shape == [37, 5] && fast.codes == reference.codes, "W\(bits) signed=\(signed) threads=\(threads)")
            }
        }
    }

    @Test func integerResidualNetworkTracksTheFloatModel() throws {
        let model = Self.network(seed: 3)
        model.isTraining = false
        let x = Self.images(seed: 4)
        let q = try PostTrainingQuantization().quantize(model, calibration: [x])
        let reference = model(x), integer = q.predict(x)
        let range = reference.scalars.map(abs).max()!
        let error = zip(reference.scalars, integer.scalars).map { abs($0 - $1) }.max()!
        #expect(error < 0.1 * range, "largest logit error \(error) of range \(range)")
        let agreement = zip(reference.argmax(axis: 1), integer.argmax(axis: 1)).filter { $0 == $1 }.count
        #expect(agreement >= 33, "\(agreement) of 37 classes agree")
    }

    @Test func quantizedAddFollowsItsFormulaAndTheRealSum() throws {
        // hand-computed: (14 − 10)·0.5 + (8 − 0)·0.25 = 4 → 5 + 4 = code 9
        let a = try ActivationQuantization(scale: 0.5, zeroPoint: 10, signed: false)
        let b = try ActivationQuantization(scale: 0.25, zeroPoint: 0, signed: false)
        let y = try ActivationQuantization(scale: 1, zeroPoint: 5, signed: false)
        let hand = try QuantizedAdd(a: a, b: b, output: y, relu: false)
        #expect(hand(QuantizedActivation(codes: [14], shape: [1], parameters: a), QuantizedActivation(codes: [8], shape: [1], parameters: b)).codes == [9])
        var rng = RandomGenerator(seed: 5)
        for signed in [false, true] {
            for relu in [false, true] {
                let pa = try ActivationQuantization(scale: 0.031, zeroPoint: signed ? -3 : 17, signed: signed)
                let pb = try ActivationQuantization(scale: 0.047, zeroPoint: signed ? 5 : 130, signed: signed)
                let py = try ActivationQuantization(scale: 0.06, zeroPoint: signed ? 0 : 90, signed: signed)
                let add = try QuantizedAdd(a: pa, b: pb, output: py, relu: relu)
                let n = 1003
                let u = QuantizedActivation(codes: (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, shape: [n], parameters: pa)
                let v = QuantizedActivation(codes: (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, shape: [n], parameters: pb)
                let sum = add(u, v)
                #expect(sum.codes == (0..<n).map { add.code(u.codes[$0], v.codes[$0]) })
                let real = zip(u.dequantized().scalars, v.dequantized().scalars).map { relu ? max($0 + $1, 0) : $0 + $1 }
                let lo = Float(py.qmin - py.zeroPoint) * py.scale, hi = Float(py.qmax - py.zeroPoint) * py.scale
                let worst = zip(sum.dequantized().scalars, real).map { abs($0 - min(max($1, lo), hi)) }.max()!
                #expect(worst <= 0.5 * py.scale * 1.001, "signed=\(signed) relu=\(relu): error \(worst)")
            }
        }
    }

    @Test func averagePoolingRoundsTheMeanCodeHalfUp() throws {
        let p = try ActivationQuantization(scale: 0.1, zeroPoint: 0, signed: false)
        // one plane 2×4, windows 2×2: means 1.5 → 2, 5.25 → 5
        let x = QuantizedActivation(codes: [1, 2, 5, 6, 1, 2, 5, 5], shape: [1, 1, 2, 4], parameters: p)
        let pooled = avgPoolCodes(x, Pool2DConfig(kernel: (2, 2)))
        #expect(pooled.codes == [2, 5] && pooled.shape == [1, 1, 1, 2])
        // signed codes −3, −2, −2, −2: mean −2.25 → −2
        let s = try ActivationQuantization(scale: 0.1, zeroPoint: 0, signed: true)
        let negative = QuantizedActivation(codes: [253, 254, 254, 254], shape: [1, 1, 2, 2], parameters: s)
        #expect(avgPoolCodes(negative, Pool2DConfig(kernel: (2, 2))).codes == [254])
        // the channels-last kernels equal the planar ones
        var rng = RandomGenerator(seed: 6)
        let big = QuantizedActivation(codes: (0..<(3 * 5 * 6 * 6)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, shape: [3, 5, 6, 6], parameters: s)
        let last = ChannelsLast.fromPlanar(big, images: 0, count: 3)
        for config in [Pool2DConfig(kernel: (2, 2)), Pool2DConfig(kernel: (3, 3), stride: (1, 1)), Pool2DConfig(kernel: (6, 6))] {
            #expect(ChannelsLast.toPlanar(ChannelsLast.averagePool(last, config), flatten: false).codes == avgPoolCodes(big, config).codes)
            #expect(ChannelsLast.toPlanar(ChannelsLast.maxPool(last, config), flatten: false).codes == maxPoolCodes(big, config).codes)
        }
    }

    @Test(arguments: [2, 3, 4, 5, 8])
    func packedWeightsUnpackToTheirCodes(bits: Int) throws {
        var rng = RandomGenerator(seed: UInt64(bits))
        let scheme = try QuantizationScheme.weights(bits: bits)
        let (n, k) = (7, 13)
        let codes = (0..<(n * k)).map { _ in scheme.qmin + Int32(rng.next(upperBound: UInt64(scheme.qmax - scheme.qmin + 1))) }
        let parameters = try QuantizationParameters(scheme: scheme, shape: [n, k], scales: [Float](repeating: 0.1, count: n),
                                                    zeroPoints: [Int32](repeating: 0, count: n))
        let packed = PackedWeights(codes: codes, parameters: parameters)
        #expect(packed.int8Codes() == codes.map { Int8($0) })
        #expect(packed.packed.count == n * ((k * bits + 7) / 8))
    }

    @Test(arguments: [4, 2])
    func savedLowBitResidualModelsRoundTrip(bits: Int) throws {
        let model = Self.network(seed: 7)
        model.isTraining = false
        let x = Self.images(seed: 8)
        let q = try PostTrainingQuantization(weightScheme: try .weights(bits: bits)).quantize(model, calibration: [x])
        let eight = try PostTrainingQuantization().quantize(model, calibration: [x])
        let dir = FileManager.default.temporaryDirectory
        let url = dir.appendingPathComponent("residual-w\(bits)-\(UUID().uuidString).safetensors")
        let url8 = dir.appendingPathComponent("residual-w8-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url); try? FileManager.default.removeItem(at: url8) }
        try q.save(to: url)
        try eight.save(to: url8)
        let (loaded, _) = try QuantizedModel.load(url)
        #expect(loaded.run(x).codes == q.run(x).codes)
        #expect(loaded.run(x, backend: .reference).codes == q.run(x, backend: .reference).codes)
        let entries = try SafeTensors.read(url).tensors
        let stem = try #require(entries["0.weight"])
        #expect(stem.dtype == "U8" && stem.shape == [16, (18 * bits + 7) / 8])
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int
        let size8 = try FileManager.default.attributesOfItem(atPath: url8.path)[.size] as! Int
        #expect(size < size8)
    }
}

extension ResidualIntegerTests {
    /// The channels-last requantisation (offsets added, lanes repeating every lcm(N, 16)) equals
    /// the scalar fixed-point formula, for channel counts below, at and off multiples of 16.
    @Test(arguments: [6, 16, 20, 48])
    func periodicRequantizationEqualsScalar(n: Int) throws {
        var rng = RandomGenerator(seed: UInt64(n))
        let k = 9
        let w = Tensor<Float>.normal([n, k], std: 2, rng: &rng)
        let b = Tensor<Float>.normal([n], std: 1, rng: &rng)
        let wp = try QuantizationParameters.fitted(to: w, scheme: .int8PerChannel)
        for relu in [false, true] {
            let core = try IntegerMatmulCore(weight: w, bias: b, weightParameters: wp,
                                             input: try ActivationQuantization(scale: 0.02, zeroPoint: 10, signed: false),
                                             output: try ActivationQuantization(scale: 0.05, zeroPoint: 7, signed: false), relu: relu)
            let count = 37 * n
            let acc = (0..<count).map { _ in Int32(Int(rng.next(upperBound: UInt64(400_001))) - 200_000) }
            var out = [UInt8](repeating: 0, count: count)
            acc.withUnsafeBufferPointer { a in out.withUnsafeMutableBufferPointer { core.periodic.run(a.baseAddress!, count: count, into: $0.baseAddress!) } }
            let expected = (0..<count).map { i -> UInt8 in
                let j = i % n
                let q = core.multipliers[j].apply(acc[i] &+ core.offsets[j]) + core.output.zeroPoint
                return UInt8(min(max(q, core.lowerBound), core.output.qmax))
            }
            #expect(out == expected, "N=\(n) relu=\(relu)")
        }
    }
}

extension ResidualIntegerTests {
    /// A plan of 2/3/4/8-bit weights and 4/6/8-bit activations becomes one integer model: the
    /// widths reach the layers, both paths agree bit for bit, and the widths survive a file.
    @Test func mixedWidthPlansRunOnTheIntegerKernels() throws {
        let model = Self.network(seed: 9)
        model.isTraining = false
        let x = Self.images(seed: 10)
        var plan = BitAllocation.uniform(model, bits: LayerBits(weight: 8, activation: 8))
        let widths = [(2, 8), (3, 4), (4, 6), (8, 8), (4, 4)]
        for i in plan.entries.indices {
            let (w, a) = widths[i % widths.count]
            plan.entries[i].bits = LayerBits(weight: w, activation: a)
        }
        let q = try PostTrainingQuantization().quantize(model, allocation: plan, calibration: [x])
        let sizes = q.layerSizes
        #expect(sizes.map(\.path) == plan.entries.map(\.path))
        #expect(sizes.map(\.weightBits) == plan.entries.map(\.bits.weight))
        #expect(zip(sizes, plan.entries).allSatisfy { $0.inputBits >= $1.bits.activation })
        #expect(sizes.contains { $0.inputBits == 4 })
        let reference = q.run(x, backend: .reference)
        #expect(q.run(x, backend: .oneDNN).codes == reference.codes)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mixed-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try q.save(to: url)
        let (loaded, _) = try QuantizedModel.load(url)
        #expect(loaded.layerSizes == sizes)
        #expect(loaded.run(x, backend: .reference).codes == reference.codes)
        // 4-bit activations hold codes 0…15
        let four = try ActivationQuantization(scale: 0.1, zeroPoint: 3, signed: false, bits: 4)
        #expect(QuantizedActivation(quantizing: Tensor([-1, 0, 0.5, 9]), four).codes == [0, 3, 8, 15])
    }
}

extension ResidualIntegerTests {
    /// A QFX model becomes a shift-only integer model (every requantisation a power of two) that
    /// agrees with the simulated fixed-point model and runs the same on both paths.
    @Test func qfxModelsRunShiftOnly() throws {
        let model = Self.network(seed: 11)
        model.isTraining = false
        let x = Self.images(seed: 12)
        var qfx = QFX()
        qfx.fractionalBits = 5
        let (wrapped, _) = qfx.wrap(model)
        wrapped.isTraining = false
        let integer = try qfx.integerModel(base: model, wrapped: wrapped, calibration: [x])
        #expect(integer.isShiftOnly)
        #expect(integer.run(x, backend: .oneDNN).codes == integer.run(x, backend: .reference).codes)
        let simulated = wrapped(x), logits = integer.predict(x)
        let agreement = zip(simulated.argmax(axis: 1), logits.argmax(axis: 1)).filter { $0 == $1 }.count
        #expect(agreement >= 33, "\(agreement) of 37 classes agree with the simulated fixed-point model")
        // the master weights are restored after folding the fixed-point ones
        let fresh = Self.network(seed: 11)
        fresh.isTraining = false
        #expect(model(x) == fresh(x))
        // powers of two: 2^-3 stays as M0 = 2^30, shift −2
        let m = FixedPointMultiplier(0.125)
        #expect(m.multiplier == 1 << 30 && m.shift == -2)
    }
}

extension ResidualIntegerTests {
    /// Damaged residual, packed or mixed-width files are refused with the tensor or setting at fault.
    @Test func damagedResidualFilesAreRefused() throws {
        let model = Self.network(seed: 13)
        model.isTraining = false
        let x = Self.images(seed: 14)
        let q = try PostTrainingQuantization(weightScheme: try .weights(bits: 4)).quantize(model, calibration: [x])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("damaged-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try q.save(to: url)
        let (tensors, meta) = try SafeTensors.read(url)
        func load(_ t: [String: SafeTensors.Entry], _ m: [String: String]) throws -> String? {
            try SafeTensors.write(t.map { ($0.key, $0.value) }, metadata: m, to: url)
            do { _ = try QuantizedModel.load(url); return nil } catch let e as QuantizationError { return e.description }
        }
        var bad = tensors
        let packed = try #require(tensors["3.body.0.weight"])
        bad["3.body.0.weight"] = SafeTensors.Entry(dtype: "U8", shape: [packed.shape[0], packed.shape[1] - 1],
                                                   bytes: Array(packed.bytes.prefix(packed.shape[0] * (packed.shape[1] - 1))))
        #expect(try load(bad, meta)?.contains("3.body.0.weight") == true)
        bad = tensors
        bad.removeValue(forKey: "4.sum_scale")
        #expect(try load(bad, meta)?.contains("'4.sum_scale' is missing") == true)
        var spec = try #require(meta[QuantizedModel.specKey])
        spec = spec.replacingOccurrences(of: "\"groups\":32", with: "\"groups\":5")
        var badMeta = meta
        badMeta[QuantizedModel.specKey] = spec
        #expect(try load(tensors, badMeta) != nil)
        badMeta[QuantizedModel.specKey] = try #require(meta[QuantizedModel.specKey]).replacingOccurrences(of: "\"kind\":\"residual\"", with: "\"kind\":\"block\"")
        #expect(try load(tensors, badMeta)?.contains("unknown kind 'block'") == true)
        badMeta[QuantizedModel.specKey] = try #require(meta[QuantizedModel.specKey]).replacingOccurrences(of: "\"activations_signed\":false", with: "\"activations_signed\":false,\"input_bits\":9")
        #expect(try load(tensors, badMeta)?.contains("outside 2…8") == true)
        #expect(try load(tensors, meta) == nil)
    }
}
