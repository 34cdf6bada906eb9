import Foundation
import NeuralNetworks
import Quantization
import Tensor

/// Weight-only quantization of a transformer's projections (attention and MLP of a decoder or
/// a BERT-style encoder; embeddings, the tied head and the norms stay as they are), block by
/// block:
/// - round-to-nearest needs no data;
/// - GPTQ runs the calibration sequences through the blocks, each block seeing the outputs of
///   the blocks already quantized; the inputs of every projection of the block give its
///   Hessian, all projections of the block are rounded, then the block's outputs are recomputed
///   with the rounded weights for the next block.
/// With `trueSequential`, the projections of a block are rounded in four stages (query, key and
/// value; output; gate and up; down), each stage's Hessians taken on inputs produced by the
/// stages already rounded (GPTQ's `--true-sequential`). The model's Linear weights are
/// replaced by their rounded values in place.
public struct TransformerQuantization: Sendable {
    public enum Method: String, Sendable, CaseIterable {
        case roundToNearest = "rtn"
        case gptq
    }

    public var method: Method
    /// The rounding (bits, groups, act-order, damping, threads).
    public var gptq: GPTQ
    /// Round the projections of a block in stages, later stages seeing rounded earlier ones.
    public var trueSequential: Bool
    /// RSQ's token weighting: each calibration token's Hessian term weighted by the attention
    /// it receives in the block, scaled into this range (nil: all tokens alike).
    public var tokenWeights: ClosedRange<Float>?

    public init(method: Method, gptq: GPTQ, trueSequential: Bool = false, tokenWeights: ClosedRange<Float>? = nil) {
        self.method = method
        self.gptq = gptq
        self.trueSequential = trueSequential
        self.tokenWeights = tokenWeights
    }

    /// The projections of a block in the order their inputs depend on each other.
    static let stages = [["attention.query", "attention.key", "attention.value"], ["attention.output"],
                         ["feed_forward.gate", "feed_forward.up"], ["feed_forward.down"]]
    /// The encoder's projections in the same dependency order.
    static let encoderStages = [["attention.query", "attention.key", "attention.value"], ["attention.output"],
                                ["feed_forward.input"], ["feed_forward.output"]]

    /// One projection's outcome, by its path ("blocks.3.attention.query").
    public struct LayerResult: Sendable {
        public var path: String
        public var rows: Int
        public var cols: Int
        public var rounded: RoundedWeights
    }

    /// Rounds `model`'s projections; `calibration` sequences (token ids) are used by GPTQ.
    /// `progress(block, blocks)` after each block.
    public func quantize(_ model: TransformerDecoder<Float>, calibration: [[Int]],
                         progress: (Int, Int) -> Void = { _, _ in }) throws -> [LayerResult] {
        let d = model.configuration.dimension
        let hidden = calibration.map { model.embedding(tokens: $0).value.reshaped([1, $0.count, d]) }
        return try quantize(blocks: model.blocks, inputs: hidden, stages: Self.stages, progress: progress)
    }

    /// Rounds a BERT-style encoder's projections (the embeddings and norms stay as they are).
    public func quantize(_ model: TransformerEncoder<Float>, calibration: [[Int]],
                         progress: (Int, Int) -> Void = { _, _ in }) throws -> [LayerResult] {
        let hidden = calibration.map { model.embed(tokens: $0).value }
        return try quantize(blocks: model.blocks, inputs: hidden, stages: Self.encoderStages, progress: progress)
    }

    /// Rounds every Linear leaf of `blocks`, GPTQ calibrated on `inputs` (each [1, T, D]) run
    /// through the blocks, each block seeing the outputs of the rounded blocks before it.
    /// `stages` (leaf paths in dependency order) are used with `trueSequential`.
    public func quantize(blocks: [any Layer<Float>], inputs: [Tensor<Float>], stages: [[String]],
                         progress: (Int, Int) -> Void = { _, _ in }) throws -> [LayerResult] {
        var results: [LayerResult] = []
        var hidden = inputs
        for (b, block) in blocks.enumerated() {
            let linears = block.leaves.compactMap { path, layer in (layer as? Linear<Float>).map { (path, $0) } }
            let known = Set(stages.joined())
            let groups = trueSequential && linears.allSatisfy({ known.contains($0.0) })
                ? stages.map { stage in linears.filter { stage.contains($0.0) } }
                : [linears]
            for group in groups {
                let hessians = method == .gptq
                    ? Self.inputHessians(block, linears: group, inputs: hidden, tokenWeights: tokenWeights) : [:]
                for (path, linear) in group {
                    let w = linear.weight.value
                    let (rows, cols) = (w.shape[0], w.shape[1])
                    let rounded = method == .gptq
                        ? try gptq.quantize(weight: w.scalars, rows: rows, cols: cols, hessian: hessians[path]!.matrix)
                        : gptq.roundToNearest(weight: w.scalars, rows: rows, cols: cols)
                    linear.weight.value = Tensor(shape: w.shape, scalars: rounded.values)
                    results.append(LayerResult(path: "blocks.\(b).\(path)", rows: rows, cols: cols, rounded: rounded))
                }
            }
            if method == .gptq {
                hidden = hidden.map { block(Variable($0)).value }
            }
            progress(b + 1, blocks.count)
        }
        return results
    }

    /// H = (2/N) Σ r_t x xᵀ of every Linear's inputs when the block runs on `inputs`, r_t the
    /// attention-concentration weights when `tokenWeights` is given, else 1.
    static func inputHessians(_ block: any Layer<Float>, linears: [(String, Linear<Float>)],
                              inputs: [Tensor<Float>], tokenWeights: ClosedRange<Float>?) -> [String: HessianAccumulator] {
        var hessians: [String: HessianAccumulator] = [:]
        for (path, linear) in linears { hessians[path] = HessianAccumulator(size: linear.weight.shape[1]) }
        var weights: [Float]?
        let recording = block.mapLeaves { path, layer in
            guard hessians[path] != nil else { return nil }
            return InputRecorder(layer) { x in
                let cols = x.shape[x.shape.count - 1]
                hessians[path]!.add(x.scalars, rows: x.count / cols, weights: weights)
            }
        }
        for x in inputs {
            weights = tokenWeights.map { AttentionConcentration.weights(block, input: x, range: $0) }
            _ = recording(Variable(x))
        }
        return hessians
    }
}

/// Passes its input to `layer` after showing it to `record` (capturing calibration inputs).
final class InputRecorder: Layer {
    let layer: any Layer<Float>
    let record: (Tensor<Float>) -> Void
    var isTraining = false

    init(_ layer: any Layer<Float>, record: @escaping (Tensor<Float>) -> Void) {
        self.layer = layer
        self.record = record
    }

    func callAsFunction(_ x: Variable<Float>) -> Variable<Float> {
        record(x.value)
        return layer(x)
    }

    var namedParameters: [(name: String, variable: Variable<Float>)] { layer.namedParameters }
}
