import Testing
import Tensor

/// The C element-wise loops (unary, binary with broadcasting, sum) against the plain Swift
/// definitions, bit for bit, with NaN, infinities and signed zeros, in every instruction-set
/// variant and both precisions.
@Suite struct ElementwiseKernelTests {
    static let specials: [Double] = [0, -0.0, 1, -1, 2.5, -3.75, .infinity, -.infinity, .nan, 1e-30, -1e30, 0.1]

    static func sameBits<T: TensorScalar>(_ a: T, _ b: T) -> Bool { (a.isNaN && b.isNaN) || a == b && a.sign == b.sign }

    @Test(arguments: KernelISA.runnable)
    func floatAndDoubleLoops(isa: KernelISA) {
        KernelISA.with(isa) {
            check(Float.self, isa)
            check(Double.self, isa)
        }
    }

    func check<T: TensorScalar>(_: T.Type, _ isa: KernelISA) {
        var rng = RandomGenerator(seed: 12)
        var values = Self.specials.map { T($0) }
        for _ in 0..<53 { values.append(T(rng.nextNormal() * 3)) }
        let n = values.count
        let x = Tensor<T>(shape: [n], scalars: values)
        let y = Tensor<T>(shape: [n], scalars: values.reversed())
        let unary: [(String, Tensor<T>, (T) -> T)] = [
            ("negate", -x, { -$0 }), ("abs", x.abs(), { Swift.abs($0) }), ("relu", x.relu(), { $0 < 0 ? 0 : $0 }),
            ("add 1.5", x + T(1.5), { $0 + T(1.5) }), ("times -2", x * T(-2), { $0 * T(-2) }),
            ("clamp", x.clamped(-1, 2), { Swift.min(Swift.max($0, -1), 2) }),
        ]
        for (name, got, f) in unary {
            for i in 0..<n { #expect(Self.sameBits(got.scalars[i], f(values[i])), "\(isa.name) \(T.self) \(name) \(values[i])") }
        }
        let binary: [(String, Tensor<T>, (T, T) -> T)] = [
            ("add", x + y, { $0 + $1 }), ("subtract", x - y, { $0 - $1 }), ("multiply", x * y, { $0 * $1 }),
            ("divide", x / y, { $0 / $1 }), ("maximum", x.maximum(y), { Swift.max($0, $1) }),
            ("minimum", x.minimum(y), { Swift.min($0, $1) }),
        ]
        for (name, got, f) in binary {
            for i in 0..<n {
                let want = f(values[i], values[n - 1 - i])
                #expect(Self.sameBits(got.scalars[i], want), "\(isa.name) \(T.self) \(name) \(values[i]), \(values[n - 1 - i])")
            }
        }
        // broadcasting a row over a matrix, and a column sum
        let m = Tensor<T>(shape: [5, n], scalars: (0..<5).flatMap { r in values.map { $0 * T(r + 1) } })
        let shifted = m + x.reshaped([1, n])
        let sums = m.sum(axes: [0])
        for r in 0..<5 {
            for i in 0..<n {
                #expect(Self.sameBits(shifted.scalars[r * n + i], values[i] * T(r + 1) + values[i]), "\(isa.name) broadcast")
            }
        }
        for i in 0..<n {
            var s: T = 0
            for r in 0..<5 { s += values[i] * T(r + 1) }
            #expect(Self.sameBits(sums.scalars[i], s), "\(isa.name) \(T.self) sum column \(i)")
        }
    }
}
