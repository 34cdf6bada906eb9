import NeuralNetworks
import Tensor

/// RSQ's token importance ("attention concentration"): a token that receives much attention
/// matters more. For the sequence entering a block, a_t = Σ_heads Σ_queries P[h, q, t] is the
/// attention key t receives from every query of every head; the weights are a min–max scaled
/// into `range` (RSQ's default [1, 3]): r_t = lo + (hi − lo)(a_t − min a)/(max a − min a).
/// Cost: one attention pass, O(heads · T² · d).
public enum AttentionConcentration {
    /// r_t for each position of `input` [1, T, D] entering a decoder or encoder block.
    public static func weights(_ block: any Layer<Float>, input: Tensor<Float>, range: ClosedRange<Float>) -> [Float] {
        let x = Variable(input)
        let probabilities: Tensor<Float>
        if let decoder = block as? DecoderBlock<Float> {
            probabilities = decoder.attention.probabilities(decoder.attentionNorm(x))
        } else if let encoder = block as? EncoderBlock<Float> {
            probabilities = encoder.attention.probabilities(x)
        } else {
            return [Float](repeating: 1, count: input.shape[1])
        }
        return scaled(received(probabilities), into: range)
    }

    /// Σ over batch, heads and queries of P [B, heads, T, T]: [T].
    static func received(_ p: Tensor<Float>) -> [Float] {
        let t = p.shape[3]
        var out = [Float](repeating: 0, count: t)
        p.withUnsafeBufferPointer { values in
            for row in 0..<(values.count / t) {
                for key in 0..<t { out[key] += values[row * t + key] }
            }
        }
        return out
    }

    /// Min–max scaling into `range` (all lo when the values are equal).
    static func scaled(_ a: [Float], into range: ClosedRange<Float>) -> [Float] {
        guard let low = a.min(), let high = a.max(), high > low else { return a.map { _ in range.lowerBound } }
        let span = range.upperBound - range.lowerBound
        return a.map { range.lowerBound + span * ($0 - low) / (high - low) }
    }
}
