import Foundation

/// Gradient-based post-training quantization: AdaRound (Nagel et al. 2020), which learns for each
/// layer whether every weight rounds up or down so that the layer's output on calibration data
/// is reconstructed, and BRECQ (Li et al. 2021), which reconstructs whole blocks (here: the
/// model's top-level children, a residual block each in ResNet-20) at once. Layers are taken in
/// order and each reconstructs the float output from the inputs the already-quantized layers
/// produce (AdaRound's asymmetric reconstruction). Loss: mean squared output error + λ·Σ(1 −
/// |2h − 1|^β), the regulariser off for the first `warmup` of the steps, β annealed 20 → 2 (papers.md §C11).
public struct LearnedRounding: Sendable {
    /// What one reconstruction covers.
    public enum Scope: String, Sendable, CaseIterable {
        /// One Linear/Conv2D at a time (AdaRound).
        case layer
        /// One top-level child of the model at a time (BRECQ's blocks).
        case block
    }

    public enum Optimizer: String, Sendable, CaseIterable { case adam, sgd }

    public var scope = Scope.layer
    public var optimizer = Optimizer.adam
    /// Steps per reconstruction, rows per step.
    public var iterations = 1000
    public var batchSize = 32
    /// Adam's rate (SGD uses it with momentum 0.9).
    public var learningRate = 1e-3
    public var regularization: Float = 0.01
    public var warmup = 0.2
    public var observer = ObserverKind.minmax
    /// Weight scales per output channel (default) or per tensor.
    public var perChannel = true
    public var seed: UInt64 = 0

    public init() {}

    /// The name stored with models: "adaround" or "brecq".
    public var name: String { scope == .layer ? "adaround" : "brecq" }

    /// Quantizes `model` under `allocation` with learned rounding; `calibration` gives the
    /// activation ranges and the reconstruction data. `log` gets one line per reconstruction.
    public func quantize(_ model: Sequential<Float>, allocation: BitAllocation, calibration: [Tensor<Float>],
                         log: (String) -> Void = { _ in }) throws -> MixedPrecisionModel {
        let start = try MixedPrecisionQuantization(observer: observer, perChannel: perChannel)
            .quantize(model, allocation: allocation, calibration: calibration)
        let planned = Dictionary(uniqueKeysWithValues: start.model.leaves.compactMap { path, layer in
            (layer as? any WeightOnlyLayer).map { (path, $0) }
        })
        let wasTraining = model.isTraining
        model.isTraining = false
        defer { model.isTraining = wasTraining }
        var current = model
        var rng = RandomGenerator(seed: seed)
        for unit in units(model, planned: Set(planned.keys)) {
            let began = Date()
            let (inputs, targets) = data(for: unit, float: model, quantized: current, calibration: calibration)
            var soft: [String: SoftRoundedLayer] = [:]
            let trainable = try softUnit(unit, model: model, planned: planned, into: &soft)
            let (first, last) = try reconstruct(trainable, Array(soft.values), inputs: inputs, targets: targets, rng: &rng)
            var hard: [String: any Layer<Float>] = [:]
            for (path, layer) in soft {
                let packed = PackedWeights(codes: layer.hardCodes(), parameters: layer.parameters)
                let quantized = try quantizableLayer(model, path: path).weightOnly(packed)
                (quantized as? any WeightOnlyLayer)?.input = layer.input
                hard[path] = quantized
            }
            current = current.mappingLeaves { path, _ in hard[path] }
            log(String(format: "%@: %@ (%d layer(s)): output error %.3g nearest → %.3g learned, %.1f s", name, unit.path, soft.count,
                       first, last, Date().timeIntervalSince(began)))
        }
        return MixedPrecisionModel(model: current, allocation: allocation, layers: start.layers, rounding: name)
    }

    /// A reconstruction unit: a path ("6" or "6.body.0") and the planned layer paths inside it.
    struct Unit {
        let path: String
        let layers: [String]
        /// Index of the top-level child it lies in.
        let child: Int
    }

    func units(_ model: Sequential<Float>, planned: Set<String>) -> [Unit] {
        let leaves = model.leaves.map(\.path).filter { planned.contains($0) }
        let childOf = { (path: String) in Int(path.split(separator: ".")[0])! }
        switch scope {
        case .layer:
            return leaves.map { Unit(path: $0, layers: [$0], child: childOf($0)) }
        case .block:
            var units: [Unit] = []
            for path in leaves {
                let child = childOf(path)
                if units.last?.child == child {
                    units[units.count - 1] = Unit(path: "\(child)", layers: units.last!.layers + [path], child: child)
                } else {
                    units.append(Unit(path: "\(child)", layers: [path], child: child))
                }
            }
            return units
        }
    }

    /// The unit's inputs in the partially quantized model and its float outputs on the float inputs.
    func data(for unit: Unit, float: Sequential<Float>, quantized: Sequential<Float>,
              calibration: [Tensor<Float>]) -> (inputs: Tensor<Float>, targets: Tensor<Float>) {
        var floatInputs: [Tensor<Float>] = [], inputs: [Tensor<Float>] = []
        for batch in calibration {
            floatInputs.append(unitInput(unit, model: float, batch))
            inputs.append(unitInput(unit, model: quantized, batch))
        }
        let floatUnit = unitLayer(unit, in: float)
        let targets = floatInputs.map { floatUnit(Variable($0)).value }
        return (Tensor.concatenated(inputs, axis: 0), Tensor.concatenated(targets, axis: 0))
    }

    /// What reaches the unit when `batch` enters `model`.
    func unitInput(_ unit: Unit, model: Sequential<Float>, _ batch: Tensor<Float>) -> Tensor<Float> {
        if scope == .block { return Sequential(Array(model.layers.prefix(unit.child)))(Variable(batch)).value }
        var seen: Tensor<Float>? = nil
        let tapped = model.mapLeaves { path, leaf -> (any Layer<Float>)? in
            path == unit.path ? Sequential<Float>(ActivationTap { seen = $0 }, leaf) : nil
        }
        _ = tapped(Variable(batch))
        return seen!
    }

    /// The layer at the unit's path in `model`.
    func unitLayer(_ unit: Unit, in model: Sequential<Float>) -> any Layer<Float> {
        if scope == .block { return model.layers[unit.child] }
        return model.leaves.first { $0.path == unit.path }!.layer
    }

    func quantizableLayer(_ model: Sequential<Float>, path: String) throws -> any Quantizable {
        guard let layer = model.leaves.first(where: { $0.path == path })?.layer as? any Quantizable else {
            throw QuantizationError.unsupportedModel("layer \(path) is not a Linear or Conv2D")
        }
        return layer
    }

    /// The float unit with its planned layers soft-rounded (collected in `soft` by path).
    func softUnit(_ unit: Unit, model: Sequential<Float>, planned: [String: any WeightOnlyLayer],
                  into soft: inout [String: SoftRoundedLayer]) throws -> any Layer<Float> {
        for path in unit.layers {
            let layer = try quantizableLayer(model, path: path)
            let start = planned[path]!
            soft[path] = SoftRoundedLayer(layer, parameters: start.weights.parameters, input: start.input)
        }
        if scope == .layer { return soft[unit.path]! }
        let prefix = unit.path + "."
        let replacements = soft
        return unitLayer(unit, in: model).mapLeaves { path, _ in replacements[prefix + path] }
    }

    /// Optimises the rounding variables; returns the reconstruction error of nearest rounding and
    /// of the learned rounding (hard decisions), on up to 256 calibration rows.
    func reconstruct(_ unit: any Layer<Float>, _ layers: [SoftRoundedLayer], inputs: Tensor<Float>, targets: Tensor<Float>,
                     rng: inout RandomGenerator) throws -> (Double, Double) {
        let parameters = layers.map(\.v)
        let step: any NeuralNetworks.Optimizer<Float> = optimizer == .adam
            ? Adam(parameters, learningRate: learningRate)
            : SGD(parameters, learningRate: learningRate, momentum: 0.9)
        let n = inputs.shape[0]
        let error = { (x: Tensor<Float>, y: Tensor<Float>) in (unit(Variable(x)) - Variable(y)).squared().mean() }
        let all = Array(0..<Swift.min(n, 256))
        let hardError = { (mode: SoftRoundedLayer.Mode) -> Double in
            layers.forEach { $0.mode = mode }
            defer { layers.forEach { $0.mode = .soft } }
            return Double(error(inputs.gatherRows(all), targets.gatherRows(all)).value.scalar)
        }
        let before = hardError(.nearest)
        let warm = Int(warmup * Double(iterations))
        for i in 0..<iterations {
            let rows = (0..<Swift.min(batchSize, n)).map { _ in Int(rng.next() % UInt64(n)) }
            var loss = error(inputs.gatherRows(rows), targets.gatherRows(rows))
            if i >= warm {
                let progress = Float(i - warm) / Float(Swift.max(iterations - warm, 1))
                let beta = 20 + (2 - 20) * progress
                let penalty = layers.map { $0.roundingPenalty(beta: beta) }.reduce(Variable(Tensor<Float>.zeros([]))) { $0 + $1 }
                loss = loss + penalty * regularization
            }
            parameters.forEach { $0.zeroGrad() }
            loss.backward()
            step.step()
        }
        return (before, hardError(.learned))
    }
}
