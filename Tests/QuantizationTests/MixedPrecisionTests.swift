import Foundation
import Testing
@testable import Quantization

/// Mixed precision on layer trees: the allocator against brute force, the simulated model
/// against hand-computed fake quantization, widths and sizes per layer, Hessian sensitivities
/// and staged quantization-aware fine-tuning.
@Suite struct MixedPrecisionTests {
    /// Seeded random instances small enough to enumerate: counting sizes exactly, the dynamic
    /// programme must find the brute-force optimum.
    @Test func allocatorFindsTheBruteForceOptimum() {
        var rng = RandomGenerator(seed: 1)
        for trial in 0..<40 {
            let count = 2 + trial % 4
            let layers = (0..<count).map { _ in
                BitAllocator.Layer(weights: 1 + Int(rng.nextUnit() * 20),
                                   costs: [2: rng.nextUnit() * 10, 4: rng.nextUnit() * 5, 8: rng.nextUnit()])
            }
            let total = layers.reduce(0) { $0 + $1.weights }
            let allocator = BitAllocator(layers: layers)
            let budget = 2 + rng.nextUnit() * 6
            var bestCost = Double.infinity
            for code in 0..<Int(pow(3.0, Double(count))) {
                var c = code
                let bits = (0..<count).map { _ -> Int in
                    defer { c /= 3 }
                    return [2, 4, 8][c % 3]
                }
                let size = zip(layers, bits).reduce(0) { $0 + $1.0.weights * $1.1 }
                guard Double(size) <= budget * Double(total) else { continue }
                bestCost = Swift.min(bestCost, zip(layers, bits).reduce(0.0) { $0 + $1.0.costs[$1.1]! })
            }
            let plan = allocator.plan(averageBits: budget)
            #expect(plan == nil ? bestCost == .infinity : Swift.abs(plan!.cost - bestCost) < 1e-9, "trial \(trial)")
            if let plan { #expect(plan.averageBits <= budget + 1e-12) }
        }
    }

    @Test func frontierCostsFallAsSizesGrow() {
        var rng = RandomGenerator(seed: 2)
        let layers = (0..<6).map { _ in
            BitAllocator.Layer(weights: 10 + Int(rng.nextUnit() * 100),
                               costs: [2: 8 + rng.nextUnit(), 3: 4 + rng.nextUnit(), 4: 2 + rng.nextUnit(), 8: rng.nextUnit()])
        }
        let frontier = BitAllocator(layers: layers).frontier
        #expect(frontier.count > 3)
        #expect(zip(frontier, frontier.dropFirst()).allSatisfy { $0.averageBits <= $1.averageBits && $0.cost > $1.cost })
        #expect(frontier.first!.bits == [2, 2, 2, 2, 2, 2] && frontier.last!.bits == [8, 8, 8, 8, 8, 8])
    }

    /// One Linear layer: the simulated output is the float product of the fake-quantized input
    /// and the per-channel rounded weight, computed here by hand.
    @Test func simulatedLayerEqualsHandQuantization() throws {
        var rng = RandomGenerator(seed: 3)
        let linear = Linear<Float>(5, 3, rng: &rng)
        let model = Sequential<Float>(linear)
        let x = Tensor<Float>.uniform([4, 5], low: -1, high: 2, rng: &rng)
        let plan = BitAllocation(entries: [.init(path: "0", bits: LayerBits(weight: 3, activation: 4), weights: 15)])
        let quantized = try MixedPrecisionQuantization().quantize(model, allocation: plan, calibration: [x])
        let (lo, hi) = (x.scalars.min()!, x.scalars.max()!)
        let scale = (hi - lo) / 15, zero = (-lo / scale).rounded()
        let xq = Tensor(shape: x.shape, scalars: x.scalars.map { v in (Swift.min(Swift.max((v / scale).rounded() + zero, 0), 15) - zero) * scale })
        let w = linear.weight.value
        let wq = Tensor(shape: [3, 5], scalars: (0..<15).map { i -> Float in
            let row = w.scalars[(i / 5) * 5..<(i / 5 + 1) * 5]
            let s = row.map { Swift.abs($0) }.max()! / 3        // 3 bits: codes −3…3
            return Swift.min(Swift.max((w.scalars[i] / s).rounded(), -3), 3) * s
        })
        let expected = xq.matmul(wq, transposeOther: true) + linear.bias!.value
        #expect(quantized.model(x).isApproximatelyEqual(to: expected, atol: 1e-5, rtol: 1e-5))
        #expect(quantized.layers[0].bytes == 3 * 2 + 3 * 4)       // 15 bits per row → 2 bytes; 3 scales
    }

    @Test func residualNetworkAtMixedWidths() throws {
        let model: Sequential<Float> = Models.resnet20(imageSize: 8, classes: 4, seed: 4)
        var rng = RandomGenerator(seed: 5)
        let x = Tensor<Float>.normal([6, 1, 8, 8], rng: &rng)
        model.isTraining = false
        let reference = model(x)
        let layers = quantizableLayers(of: model)
        #expect(layers.count == 22)       // stem, 18 block convolutions, 2 shortcuts, the classifier
        func error(_ bits: LayerBits) throws -> Float {
            let q = try MixedPrecisionQuantization().quantize(model, allocation: .uniform(model, bits: bits), calibration: [x])
            #expect(q.layers.count == 22)
            return (q.model(x) - reference).abs().max().scalar / reference.abs().max().scalar
        }
        let (high, low) = (try error(LayerBits(weight: 8, activation: 8)), try error(LayerBits(weight: 2, activation: 4)))
        #expect(high < 0.05 && low > 4 * high)
        var plan = BitAllocation.uniform(model, bits: LayerBits(weight: 8, activation: 8))
        plan.entries[3].bits.weight = 4
        let q = try MixedPrecisionQuantization().quantize(model, allocation: plan, calibration: [x])
        let packedRow = { (e: BitAllocation.Entry, rows: Int) in rows * ((e.weights / rows * e.bits.weight + 7) / 8) + 4 * rows }
        #expect(q.layers[3].bytes == packedRow(plan.entries[3], 16) && q.layers[2].bytes == packedRow(plan.entries[2], 16))
        #expect(plan.averageWeightBits < 8 && plan.averageWeightBits > 7.9)
        #expect(model(x) == reference)       // the float model is untouched
    }

    /// A mixed-width residual network through a file: the same outputs after loading into a
    /// fresh model; a negative input scale in the file is refused, naming the tensor.
    @Test func mixedModelFileRoundTrip() throws {
        let model: Sequential<Float> = Models.resnet20(imageSize: 8, classes: 3, seed: 9)
        var rng = RandomGenerator(seed: 10)
        let x = Tensor<Float>.normal([4, 1, 8, 8], rng: &rng)
        var plan = BitAllocation.uniform(model, bits: LayerBits(weight: 4, activation: 8))
        plan.entries[0].bits = LayerBits(weight: 8, activation: 6)
        plan.entries[5].bits = LayerBits(weight: 2, activation: 4)
        let quantized = try MixedPrecisionQuantization().quantize(model, allocation: plan, calibration: [x])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mixed-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try WeightOnlyQuantization.save(quantized.model, to: url)
        let template: Sequential<Float> = Models.resnet20(imageSize: 8, classes: 3, seed: 11)
        let loaded = try WeightOnlyQuantization.load(url, into: template).model
        quantized.model.isTraining = false
        #expect(loaded(x) == quantized.model(x))
        let inputs = loaded.leaves.compactMap { ($0.layer as? any WeightOnlyLayer)?.input?.bits }
        #expect(inputs == plan.entries.map(\.bits.activation))

        var (entries, metadata) = try SafeTensors.read(url)
        entries["0.input_scale"] = .floats([-1])
        try SafeTensors.write(entries.map { ($0.key, $0.value) }, metadata: metadata, to: url)
        #expect(throws: QuantizationError.self) { try WeightOnlyQuantization.load(url, into: template) }
    }

    @Test func badPlansAreRefused() throws {
        var rng = RandomGenerator(seed: 6)
        let model = Sequential<Float>(Linear(4, 2, rng: &rng))
        let x = Tensor<Float>.normal([3, 4], rng: &rng)
        let quantizer = MixedPrecisionQuantization()
        #expect(throws: QuantizationError.self) {
            try quantizer.quantize(model, allocation: BitAllocation(entries: [.init(path: "7", bits: LayerBits(weight: 4, activation: 8), weights: 8)]),
                                   calibration: [x])
        }
        #expect(throws: QuantizationError.self) {
            try quantizer.quantize(model, allocation: .uniform(model, bits: LayerBits(weight: 9, activation: 8)), calibration: [x])
        }
        #expect(throws: QuantizationError.self) {
            try quantizer.quantize(model, allocation: .uniform(model, bits: LayerBits(weight: 4, activation: 8)), calibration: [])
        }
    }

    @Test func hessianSensitivityRowsAndPlan() throws {
        var rng = RandomGenerator(seed: 7)
        let model = Sequential<Float>(Linear(6, 16, rng: &rng), Activation(.tanh), Linear(16, 3, rng: &rng))
        let x = Tensor<Float>.normal([32, 6], rng: &rng)
        let labels = (0..<32).map { $0 % 3 }
        let sensitivity = try HessianSensitivity(model: model, batches: [(x, labels)], samples: 20, seed: 1)
        #expect(sensitivity.rows.map(\.path) == ["0", "2"])
        #expect(sensitivity.rows.map(\.weights) == [96, 48])
        for row in sensitivity.rows {
            #expect(row.trace > 0 && row.traceError > 0)
            #expect(row.perturbation[2]! > row.perturbation[3]! && row.perturbation[3]! > row.perturbation[4]!
                && row.perturbation[4]! > row.perturbation[8]!)
        }
        let plan = try #require(sensitivity.allocation(averageBits: 4))
        #expect(plan.averageWeightBits <= 4)
        #expect(sensitivity.allocation(averageBits: 1.5) == nil)
    }

    /// Staged fine-tuning of a 2-bit MLP on an XOR-like problem: the quantized model fits the
    /// data better afterwards than quantizing the float model directly; stage 0 wraps only its layers.
    @Test func stagedFineTuningRecoversAccuracy() throws {
        var rng = RandomGenerator(seed: 8)
        let model = Sequential<Float>(Linear(4, 16, rng: &rng), Activation(.relu), Linear(16, 2, rng: &rng))
        let x = Tensor<Float>.normal([256, 4], rng: &rng)
        let labels = (0..<256).map { x.scalars[$0 * 4] * x.scalars[$0 * 4 + 1] > 0 ? 1 : 0 }
        let data = LabeledData(features: x, labels: labels)
        let trainer = Trainer(model: model, optimizer: Adam(model.parameters, learningRate: 0.01), batchSize: 32, seed: 0)
        try trainer.fit(data, options: FitOptions(epochs: 20))
        let plan = BitAllocation.uniform(model, bits: LayerBits(weight: 2, activation: 8))
        let before = try MixedPrecisionQuantization().quantize(model, allocation: plan, calibration: [x]).accuracy(data)
        let training = MixedPrecisionTraining(model: model, allocation: plan)
        let wrapped = try training.wrapped(["0"]).model
        #expect(wrapped.leaves.filter { $0.layer is FakeQuantAffine }.map(\.path) == ["0.1"])
        try training.fineTune(stages: [["2"], ["0"]], data: data, epochsPerStage: 6, learningRate: 0.003, batchSize: 32)
        let after = try MixedPrecisionQuantization().quantize(model, allocation: plan, calibration: [x]).accuracy(data)
        #expect(after > before + 0.02, "before \(before), after \(after)")
    }
}

/// ZeroQ on a small CNN whose BatchNorm statistics come from spatially smooth images: the
/// distilled inputs match them far better than the noise they start from; KL sensitivities
/// are non-negative and fall with width; the plan fits its budget.
@Suite struct ZeroQTests {
    static func smoothCNN() -> Sequential<Float> {
        var rng = RandomGenerator(seed: 1)
        let model = Sequential<Float>(Conv2D(1, 4, kernelSize: 3, padding: 1, rng: &rng), BatchNorm.twoD(4, momentum: 0.5),
                                      Activation(.relu), Conv2D(4, 4, kernelSize: 3, padding: 1, rng: &rng),
                                      BatchNorm.twoD(4, momentum: 0.5), Flatten(), Linear(4 * 36, 3, rng: &rng))
        model.isTraining = true
        for _ in 0..<20 {
            let noise = Tensor<Float>.normal([16, 1, 7, 7], rng: &rng)
            // 2×2 box blur of noise, ×2: standardised (mean 0, std 1) like real inputs, but correlated pixels
            let smooth = avgPool2d(Variable(noise), Pool2DConfig(kernel: (2, 2), stride: (1, 1))).value * 2
            _ = model(Variable(smooth))
        }
        model.isTraining = false
        return model
    }

    @Test func distilledInputsMatchTheStatistics() throws {
        let model = Self.smoothCNN()
        var zeroq = ZeroQ()
        zeroq.samples = 16
        zeroq.batchSize = 16
        zeroq.iterations = 150
        var losses: [Double] = []
        let data = try zeroq.distilledData(model, inputShape: [1, 6, 6]) { _, _, loss in losses.append(loss) }
        #expect(data.count == 1 && data[0].shape == [16, 1, 6, 6])
        var rng = RandomGenerator(seed: 0)
        let noise = zeroq.statisticsLoss(model, inputs: Tensor<Float>.normal([16, 1, 6, 6], rng: &rng))
        let distilled = zeroq.statisticsLoss(model, inputs: data[0])
        #expect(distilled < 0.25 * noise, "distilled \(distilled), noise \(noise)")
        #expect(losses.count == 150 && losses.last! < losses.first!)
        #expect(try zeroq.distilledData(model, inputShape: [1, 6, 6])[0] == data[0])     // seeded
    }

    @Test func klSensitivitiesAndPlan() throws {
        let model = Self.smoothCNN()
        var rng = RandomGenerator(seed: 2)
        let data = [Tensor<Float>.normal([32, 1, 6, 6], rng: &rng)]
        let zeroq = ZeroQ()
        let sensitivity = try zeroq.sensitivity(model, data: data)
        #expect(sensitivity.map(\.path) == ["0", "3", "6"])
        for row in sensitivity {
            #expect(row.kl.values.allSatisfy { $0 >= -1e-9 })
            #expect(row.kl[2]! > row.kl[4]! && row.kl[4]! > row.kl[8]!)
        }
        let plan = try #require(zeroq.allocation(sensitivity, averageBits: 4))
        #expect(plan.averageWeightBits <= 4 && plan.entries.count == 3)
    }

    @Test func modelsWithoutBatchNormAreRefused() {
        var rng = RandomGenerator(seed: 3)
        let model = Sequential<Float>(Linear(4, 2, rng: &rng))
        #expect(throws: QuantizationError.self) { try ZeroQ().distilledData(model, inputShape: [4]) }
    }
}
