import Testing
@testable import Tensor

/// `Variable.custom`: a user-defined vector–Jacobian product inside the autodiff graph.
@Suite struct CustomOpTests {
    /// f(a, b) = a² · sin(b) element-wise, with a hand-written backward.
    static func product(_ a: Variable<Double>, _ b: Variable<Double>) -> Variable<Double> {
        let value = a.value * a.value * b.value.sin()
        return Variable.custom("a2sinb", inputs: [a, b], value: value) { g, needed in
            [needed[0] ? g * a.value * b.value.sin() * 2 : nil,
             needed[1] ? g * a.value * a.value * b.value.cos() : nil]
        }
    }

    @Test func customOpPassesGradcheck() {
        var rng = RandomGenerator(seed: 7)
        let a = Tensor<Double>.uniform([3, 4], low: -1, high: 1, rng: &rng)
        let b = Tensor<Double>.uniform([3, 4], low: -1, high: 1, rng: &rng)
        // Composed with ordinary primitives on both sides.
        let result = gradcheck([a, b]) { v in Self.product(v[0].tanh(), v[1] * 2).exp() }
        #expect(result.passed, "\(result)")
    }

    @Test func constantInputsRecordNothing() {
        let y = Self.product(Variable(Tensor<Double>([1, 2])), Variable(Tensor<Double>([0.5, 1])))
        #expect(!y.requiresGrad && y.isLeaf)
    }
}
