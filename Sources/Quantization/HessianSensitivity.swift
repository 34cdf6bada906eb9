/// HAWQ-V2's per-layer sensitivity (Dong et al. 2020): the loss increase from quantizing layer i
/// to b bits is estimated by Ω_i(b) = (Tr(H_i)/n_i)·‖Q_b(W_i) − W_i‖², with H_i the Hessian
/// block of the layer's n_i weights (Hutchinson trace, exact Hessian-vector products) and Q_b
/// round-to-nearest at b bits (signed symmetric, per output channel).
public struct HessianSensitivity: Sendable {
    public struct Row: Sendable, Equatable, Codable {
        public var path: String
        public var weights: Int
        /// Hutchinson's estimate of Tr(H_i) and its standard error.
        public var trace: Double
        public var traceError: Double
        /// width → ‖Q_b(W) − W‖².
        public var perturbation: [Int: Double]

        /// Ω_i(b): the average Hessian eigenvalue times the squared rounding error.
        public func sensitivity(bits: Int) -> Double? {
            perturbation[bits].map { trace / Double(Swift.max(weights, 1)) * $0 }
        }
    }

    public let rows: [Row]
    /// Hutchinson vectors drawn.
    public let samples: Int

    /// Measures every Linear/Conv2D of `model` on `batches` (inputs, labels).
    /// - Parameters:
    ///   - samples: Hutchinson vectors (one Hessian-vector product over all batches each).
    ///   - bits: the widths whose perturbations are measured.
    /// - Throws: `AutodiffError` when the model holds an operation without second derivatives.
    public init(model: any Layer<Float>, batches: [(inputs: Tensor<Float>, labels: [Int])], samples: Int,
                bits: [Int] = [2, 3, 4, 8], seed: UInt64 = 0, progress: ((Int, Int) -> Void)? = nil) throws {
        let layers = quantizableLayers(of: model)
        let groups = layers.map { path, layer in
            HessianGroup(name: path, parameters: layer.namedParameters.filter { $0.name == "weight" }.map(\.variable))
        }
        let probe = HessianProbe(model: model, batches: batches, groups: groups)
        let traces = try probe.traces(samples: samples, seed: seed, progress: progress)
        rows = try Swift.zip(layers, traces).map { entry, trace in
            let w = entry.layer.weightMatrix
            var perturbation: [Int: Double] = [:]
            for b in bits {
                let rounded = try QuantizationParameters.fitted(to: w, scheme: .weights(bits: b)).fakeQuantize(w)
                perturbation[b] = Double((rounded - w).squared().sum().scalar)
            }
            return Row(path: entry.path, weights: w.count, trace: trace.mean, traceError: trace.standardError,
                       perturbation: perturbation)
        }
        self.samples = samples
    }

    /// The allocator over these rows (costs Ω_i(b) for the measured widths).
    public var allocator: BitAllocator {
        BitAllocator(layers: rows.map { row in
            BitAllocator.Layer(weights: row.weights, costs: row.perturbation.mapValues { row.trace / Double(Swift.max(row.weights, 1)) * $0 })
        })
    }

    /// The least-sensitive plan at an average of ≤ `averageBits` weight bits, activations at
    /// `activationBits`, or nil when no plan fits (or the model has no Linear/Conv2D).
    public func allocation(averageBits: Double, activationBits: Int = 8) -> BitAllocation? {
        guard !rows.isEmpty, let plan = allocator.plan(averageBits: averageBits) else { return nil }
        return BitAllocation(entries: Swift.zip(rows, plan.bits).map { row, bits in
            BitAllocation.Entry(path: row.path, bits: LayerBits(weight: bits, activation: activationBits), weights: row.weights)
        })
    }
}
