import Foundation

/// Per-layer quantization sensitivity: for each Linear/Conv2D, the model is run in float with
/// only that layer quantized (its weights, its input and its output activation fake-quantized
/// with the calibrated parameters) and compared with the float model:
/// accuracy drop (points) and SQNR of the logits, 10·log10(Σ y² / Σ (y − ŷ)²) dB.
/// A last row quantizes every layer at once. Cost: (layers + 2) evaluations of the data.
public struct SensitivityReport: Sendable, Encodable {
    public struct Row: Sendable, Codable, Equatable {
        /// The layer's index in the Sequential, or "all".
        public var layer: String
        /// "conv2d", "linear" or "all".
        public var kind: String
        public var accuracy: Double
        /// Float accuracy − this accuracy, in percentage points.
        public var accuracyDrop: Double
        public var sqnrDB: Double
        /// Second order (`addHessian`): Tr(H)/n of the layer's weights and Ω(b) = Tr(H)/n·‖Q_b(W) − W‖².
        public var traceOverN: Double?
        public var hessianSensitivity: Double?
        /// ZeroQ's KL divergence of the output distribution with only this layer's weights at b bits (`addKL`).
        public var kl: Double?
        enum CodingKeys: String, CodingKey {
            case layer, kind, accuracy, accuracyDrop = "accuracy_drop_points", sqnrDB = "sqnr_db"
            case traceOverN = "trace_over_n", hessianSensitivity = "hessian_sensitivity", kl
        }
    }

    public let floatAccuracy: Double
    public private(set) var rows: [Row]
    public let scheme: String

    /// Measures every layer of `model` on (`features`, `labels`), calibrating activations on `calibration`.
    public init(model: Sequential<Float>, weightScheme: QuantizationScheme, activationScheme: QuantizationScheme = .uint8Affine,
                observer: ObserverKind = .minmax, calibration: [Tensor<Float>], features: Tensor<Float>, labels: [Int],
                batchSize: Int = 256) throws {
        let graph = try QuantizableGraph(model)
        let ptq = PostTrainingQuantization(weightScheme: weightScheme, activationScheme: activationScheme, observer: observer)
        let observers = ptq.calibrate(graph, batches: calibration)
        let weightParams = try graph.affines.map { try QuantizationParameters.fitted(to: $0.matrix, scheme: weightScheme) }
        let rangeScheme = activationScheme
        let activationRanges = observers.map { $0.range(for: rangeScheme) }

        let affines = graph.affines
        // the points a set of layers reads and writes
        func quantizedPoints(_ layers: Set<Int>) -> Set<Int> {
            Set(layers.flatMap { [affines[$0].inputPoint, affines[$0].outputPoint] })
        }

        func evaluate(_ layers: Set<Int>) throws -> (logits: [Float], accuracy: Double) {
            let points = quantizedPoints(layers)
            var logits: [Float] = [], correct = 0
            for start in stride(from: 0, to: labels.count, by: batchSize) {
                let idx = Array(start..<Swift.min(start + batchSize, labels.count))
                let y = graph.forward(features.gatherRows(idx), weight: { k, w in
                    guard layers.contains(k) else { return w }
                    return weightParams[k].fakeQuantize(w.reshaped([w.shape[0], -1])).reshaped(w.shape)
                }, hook: { point, x in
                    guard points.contains(point),
                          let p = try? QuantizationParameters(scheme: rangeScheme, shape: x.shape, minimums: [activationRanges[point].min],
                                                              maximums: [activationRanges[point].max]) else { return x }
                    return p.fakeQuantize(x)
                })
                logits += y.scalars
                correct += zip(y.argmax(axis: 1), idx.map { labels[$0] }).filter { $0 == $1 }.count
            }
            return (logits, labels.isEmpty ? 0 : Double(correct) / Double(labels.count))
        }

        let reference = try evaluate([])
        floatAccuracy = reference.accuracy
        let signal = reference.logits.reduce(0.0) { $0 + Double($1) * Double($1) }
        func row(_ layers: Set<Int>, _ name: String, _ kind: String) throws -> Row {
            let r = try evaluate(layers)
            let noise = zip(reference.logits, r.logits).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
            return Row(layer: name, kind: kind, accuracy: r.accuracy, accuracyDrop: 100 * (reference.accuracy - r.accuracy),
                       sqnrDB: noise > 0 ? 10 * log10(signal / noise) : .infinity)
        }
        var rows: [Row] = []
        for (k, a) in graph.affines.enumerated() { rows.append(try row([k], a.name, a.isConv ? "conv2d" : "linear")) }
        rows.append(try row(Set(graph.affines.indices), "all", "all"))
        self.rows = rows
        scheme = "weights \(weightScheme), activations \(activationScheme), observer \(observer.rawValue)"
    }

    /// Adds the Hessian columns from `hessian` (rows matched by layer path) at `bits` bits.
    public mutating func addHessian(_ hessian: HessianSensitivity, bits: Int) {
        for h in hessian.rows {
            guard let i = rows.firstIndex(where: { $0.layer == h.path }) else { continue }
            rows[i].traceOverN = h.trace / Double(Swift.max(h.weights, 1))
            rows[i].hessianSensitivity = h.sensitivity(bits: bits)
        }
    }

    /// Adds the KL column from ZeroQ's sensitivities (`ZeroQ.sensitivity`) at `bits` bits.
    public mutating func addKL(_ kl: [(path: String, weights: Int, kl: [Int: Double])], bits: Int) {
        for k in kl {
            guard let i = rows.firstIndex(where: { $0.layer == k.path }) else { continue }
            rows[i].kl = k.kl[bits]
        }
    }

    /// A fixed-width text table (the Hessian and KL columns when added).
    public var table: String {
        let extra = rows.contains { $0.traceOverN != nil || $0.kl != nil }
        var lines = ["layer  kind     accuracy  drop (pts)  SQNR (dB)" + (extra ? "     trace/n   Ω(b)        KL(b)" : "")]
        for r in rows {
            let name = r.layer.padding(toLength: Swift.max(6, r.layer.count), withPad: " ", startingAt: 0) + " "
                + r.kind.padding(toLength: 8, withPad: " ", startingAt: 0)
            var line = name + String(format: " %7.2f%%  %10.2f  %9.2f", 100 * r.accuracy, r.accuracyDrop, r.sqnrDB)
            if extra {
                let cells = [r.traceOverN, r.hessianSensitivity, r.kl].map { $0.map { String(format: "%-11.3g", $0) } ?? "—          " }
                line += "     " + cells.joined(separator: " ")
            }
            lines.append(line)
        }
        lines.append(String(format: "float accuracy %.2f%%; %@", 100 * floatAccuracy, scheme as NSString))
        return lines.joined(separator: "\n")
    }

    /// Encoded as one object: float_accuracy, scheme, layers (one object per row).
    enum CodingKeys: String, CodingKey { case floatAccuracy = "float_accuracy", scheme, rows = "layers" }

    /// The report as one JSON object (infinite SQNR as "inf").
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}
