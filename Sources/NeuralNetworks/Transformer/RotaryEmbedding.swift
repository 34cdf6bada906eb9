import Foundation

/// Rotary position embedding (RoFormer, LLaMA): feature pairs (a, b) of a head vector at
/// position p are rotated by the angle p · base^(−2i/d), i the pair's index, d the head size:
/// (a, b) ↦ (a cos θ − b sin θ, a sin θ + b cos θ). Query–key products then depend on the
/// positions only through their difference. Cost O(count).
public struct RotaryEmbedding: Sendable, Equatable {
    /// Which features form a pair.
    public enum Layout: String, Sendable {
        /// Features 2i and 2i+1 (GGUF / llama.cpp, whose converter permutes the Q and K rows).
        case interleaved
        /// Features i and i + d/2 (Hugging Face's `rotate_half`).
        case halves
    }

    /// The head size d (even).
    public let dimension: Int
    /// The frequency base (10,000 in RoFormer; 100,000 in SmolLM2).
    public let base: Double
    public let layout: Layout

    public init(dimension: Int, base: Double = 10_000, layout: Layout = .interleaved) {
        precondition(dimension > 0 && dimension % 2 == 0, "RotaryEmbedding: head size \(dimension) is not even")
        self.dimension = dimension
        self.base = base
        self.layout = layout
    }

    /// The angle of pair `pair` at `position`.
    public func angle(position: Int, pair: Int) -> Double {
        Double(position) * Foundation.pow(base, -2 * Double(pair) / Double(dimension))
    }

    /// cos θ and sin θ for positions start..<start+count: two [count, d/2] tables.
    public func tables<Scalar: TensorScalar>(start: Int, count: Int) -> (cos: Tensor<Scalar>, sin: Tensor<Scalar>) {
        let pairs = dimension / 2
        var cosines = [Scalar](repeating: 0, count: count * pairs)
        var sines = cosines
        for t in 0..<count {
            for i in 0..<pairs {
                let theta = angle(position: start + t, pair: i)
                cosines[t * pairs + i] = Scalar(Foundation.cos(theta))
                sines[t * pairs + i] = Scalar(Foundation.sin(theta))
            }
        }
        return (Tensor(shape: [count, pairs], scalars: cosines), Tensor(shape: [count, pairs], scalars: sines))
    }

    /// Rotates `x` [..., T, d] whose rows are positions start..<start+T.
    public func callAsFunction<Scalar>(_ x: Variable<Scalar>, start: Int) -> Variable<Scalar> {
        let shape = x.shape
        precondition(shape.count >= 2 && shape.last == dimension,
                     "RotaryEmbedding: input \(shape) does not end in [positions, \(dimension)]")
        let count = shape[shape.count - 2]
        let (cosines, sines): (Tensor<Scalar>, Tensor<Scalar>) = tables(start: start, count: count)
        switch layout {
        case .halves:
            let (a, b) = (x.lastAxis(0..<dimension / 2), x.lastAxis(dimension / 2..<dimension))
            let rotated = Variable.concatenated([a * cosines - b * sines, a * sines + b * cosines], axis: shape.count - 1)
            return rotated
        case .interleaved:
            let pairs = x.reshaped(Array(shape.dropLast()) + [dimension / 2, 2])
            let (a, b) = (pairs.lastAxis(0..<1), pairs.lastAxis(1..<2))
            let c = cosines.reshaped([count, dimension / 2, 1])
            let s = sines.reshaped([count, dimension / 2, 1])
            let rotated = Variable.concatenated([a * c - b * s, a * s + b * c], axis: shape.count)
            return rotated.reshaped(shape)
        }
    }
}

extension Variable {
    /// The slice `range` of the last axis, the other axes whole.
    func lastAxis(_ range: Range<Int>) -> Variable {
        sliced(shape.dropLast().map { 0..<$0 } + [range])
    }
}
