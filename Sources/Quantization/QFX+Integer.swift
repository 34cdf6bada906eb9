import Foundation

/// Shift-only integer inference of a QFX model: every activation is a signed fixed-point value
/// (scale 2^−F, zero point 0) and every weight row a fixed-point value with its own binary point,
/// so each requantisation multiplier s_in·s_w/s_out is a power of two, M0 = 2^30 — the integer
/// layers rescale by shifts and adds alone (`IntegerMatmulCore.isShiftOnly`).
extension QFX {
    /// The integer model of `base` after QFX fine-tuning through `wrapped` (`wrap(base)`, which
    /// shares its variables). BatchNorm is folded into the convolutions; each activation point
    /// takes the learned binary point of the layer that reads it (a conv's input point), else of
    /// the residual sum or BatchNorm output that writes it; points QFX does not quantize (the
    /// logits) get the largest point whose range covers `calibration`. The fixed-point weights
    /// (`FixedPointAffine.quantizedWeight`) are folded, then re-rounded per output channel at the
    /// largest binary point that fits the row.
    public func integerModel(base: Sequential<Float>, wrapped: Sequential<Float>, calibration: [Tensor<Float>]) throws -> QuantizedModel {
        let learned = Self.learnedPoints(wrapped)
        // fold the weights the network was fine-tuned with (at their fixed-point grid), not the master copies
        let affines = wrapped.leaves.compactMap { $0.layer as? FixedPointAffine }
        let masters = affines.map(\.weight.value)
        for a in affines { a.weight.value = a.quantizedWeight().value }
        defer { for (a, w) in zip(affines, masters) { a.weight.value = w } }
        let graph = try QuantizableGraph(base)
        let leaves = base.leaves
        var points = [Int?](repeating: nil, count: graph.pointCount)
        for a in graph.affines where points[a.inputPoint] == nil {
            points[a.inputPoint] = learned[a.name]
        }
        for (path, point) in Self.residualPoints(graph.steps) where points[point] == nil {
            points[point] = learned["\(path).activation"]
        }
        for a in graph.affines where points[a.outputPoint] == nil {
            // the BatchNorm folded into this layer is the leaf after it
            if let i = leaves.firstIndex(where: { $0.path == a.name }), i + 1 < leaves.count, leaves[i + 1].layer is BatchNorm<Float> {
                points[a.outputPoint] = learned[leaves[i + 1].path]
            }
        }
        let observers = PostTrainingQuantization(observer: .minmax).calibrate(graph, batches: calibration)
        let qmax = Float((1 << (bits - 1)) - 1)
        let activations = try points.indices.map { i -> ActivationQuantization in
            let range = observers[i].range(for: .uint8Affine)
            let f = points[i] ?? Self.fittingPoint(Swift.max(abs(range.min), abs(range.max)), qmax: qmax)
            return try ActivationQuantization(scale: Float(pow(2, Double(-f))), zeroPoint: 0, signed: true, bits: bits)
        }
        let weights = try graph.affines.map { try weightParameters($0.matrix) }
        let model = try PostTrainingQuantization.convert(graph, activations: activations, weights: weights)
        model.info = ["method": "qfx", "weights": "fixed point W\(bits), a binary point per output channel",
                      "activations": "fixed point W\(bits), learned binary points"]
        return model
    }

    /// Per output channel, the largest binary point F with max|w|·2^F ≤ 2^(W−1) − 1.
    func weightParameters(_ w: Tensor<Float>) throws -> QuantizationParameters {
        let (n, k) = (w.shape[0], w.shape[1])
        let qmax = Float((1 << (bits - 1)) - 1)
        let scales = (0..<n).map { o -> Float in
            let row = w.scalars[(o * k)..<((o + 1) * k)]
            return Float(pow(2, Double(-Self.fittingPoint(row.map(abs).max() ?? 0, qmax: qmax))))
        }
        return try QuantizationParameters(scheme: .weights(bits: bits, granularity: .perChannel(axis: 0)), shape: [n, k],
                                          scales: scales, zeroPoints: [Int32](repeating: 0, count: n))
    }

    /// The largest F (within ±24) with largest·2^F ≤ qmax.
    static func fittingPoint(_ largest: Float, qmax: Float) -> Int {
        guard largest > 0 else { return 24 }
        return Swift.max(-24, Swift.min(24, Int((log2(Double(qmax) / Double(largest))).rounded(.down))))
    }

    /// The learned binary points of a wrapped model by the path they serve: a layer's input
    /// point under the layer's path, a BatchNorm's output point under the BatchNorm's path, a
    /// residual sum's point under "block.activation".
    static func learnedPoints(_ wrapped: Sequential<Float>) -> [String: Int] {
        var points: [String: Int] = [:]
        let leaves = wrapped.leaves
        // every wrapper is Sequential(point, layer) or Sequential(BatchNorm, point): the point's parent path names what it serves
        for leaf in leaves {
            guard let q = leaf.layer as? FixedPointQuantizer else { continue }
            let parent = String(leaf.path.split(separator: ".").dropLast().joined(separator: "."))
            points[parent] = q.fractionalBits
        }
        return points
    }

    /// (block path, sum point) of every residual block, nested ones included.
    static func residualPoints(_ steps: [QuantizableGraph.Step]) -> [(String, Int)] {
        steps.flatMap { step -> [(String, Int)] in
            guard case .residual(let r) = step else { return [] }
            return [(r.name, r.point)] + residualPoints(r.body) + residualPoints(r.shortcut ?? [])
        }
    }
}

extension IntegerMatmulCore {
    /// Whether every output channel rescales by a power of two (M0 = 2^30): requantisation is
    /// shifts and adds only (QFX's shift-only inference).
    public var isShiftOnly: Bool { multipliers.allSatisfy { $0.multiplier == 1 << 30 } }
}

extension QuantizedModel {
    /// Whether every integer layer requantises by shifts alone.
    public var isShiftOnly: Bool { cores.allSatisfy(\.isShiftOnly) }
}
