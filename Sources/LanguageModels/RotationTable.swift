import Foundation
import NeuralNetworks

/// cos θ and sin θ of the rotary embedding for every position a runtime holds, with θ =
/// p · base^(−2i/d); rotates interleaved pairs (2i, 2i+1) of every head in place.
struct RotationTable {
    let headSize: Int
    let cosines: [Float]
    let sines: [Float]

    init(headSize: Int, base: Double, positions: Int) {
        let rotary = RotaryEmbedding(dimension: headSize, base: base)
        let pairs = headSize / 2
        var c = [Float](repeating: 0, count: positions * pairs)
        var s = c
        for p in 0..<positions {
            for i in 0..<pairs {
                let theta = rotary.angle(position: p, pair: i)
                c[p * pairs + i] = Float(cos(theta))
                s[p * pairs + i] = Float(sin(theta))
            }
        }
        (self.headSize, cosines, sines) = (headSize, c, s)
    }

    /// Rotates `x` [rows, heads · headSize] whose rows are positions start..<start+rows.
    func rotate(_ x: inout [Float], rows: Int, heads: Int, start: Int) {
        let pairs = headSize / 2
        for r in 0..<rows {
            let table = (start + r) * pairs
            for h in 0..<heads {
                let base = (r * heads + h) * headSize
                for i in 0..<pairs {
                    let (a, b) = (x[base + 2 * i], x[base + 2 * i + 1])
                    let (c, s) = (cosines[table + i], sines[table + i])
                    x[base + 2 * i] = a * c - b * s
                    x[base + 2 * i + 1] = a * s + b * c
                }
            }
        }
    }
}
