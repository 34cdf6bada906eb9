import Foundation

/// The angles of Chen et al.'s recurrent circuits: x [N, q] → [N, 2q] holding arctan(x_i) then
/// arctan(x_i²) (for RY and RZ), so any real input becomes an angle in (−π/2, π/2).
/// Derivatives: 1 / (1 + x²) and 2x / (1 + x⁴). O(N·q).
public final class ArctanEncoding<Scalar: TensorScalar>: StatelessLayer {
    public init() {}

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        precondition(x.shape.count == 2, "ArctanEncoding: input \(x.shape) is not [N, q]")
        let (n, q) = (x.shape[0], x.shape[1])
        let value = Self.encoded(x.value.scalars, rows: n, width: q)
        let input = x.value.scalars
        return Variable.custom("arctanEncoding", inputs: [x], value: Tensor(shape: [n, 2 * q], scalars: value)) { g, _ in
            [Tensor(shape: [n, q], scalars: Self.pulledBack(g.scalars, input, rows: n, width: q))]
        }
    }

    static func encoded(_ x: [Scalar], rows: Int, width q: Int) -> [Scalar] {
        var out = [Scalar](repeating: 0, count: rows * 2 * q)
        for r in 0..<rows {
            for i in 0..<q {
                let v = Double(x[r * q + i])
                out[r * 2 * q + i] = Scalar(atan(v))
                out[r * 2 * q + q + i] = Scalar(atan(v * v))
            }
        }
        return out
    }

    static func pulledBack(_ g: [Scalar], _ x: [Scalar], rows: Int, width q: Int) -> [Scalar] {
        var out = [Scalar](repeating: 0, count: rows * q)
        for r in 0..<rows {
            for i in 0..<q {
                let v = Double(x[r * q + i])
                let first = Double(g[r * 2 * q + i]) / (1 + v * v)
                let second = Double(g[r * 2 * q + q + i]) * 2 * v / (1 + v * v * v * v)
                out[r * q + i] = Scalar(first + second)
            }
        }
        return out
    }
}
