import Testing
import Tensor

/// The direct convolution kernel (both loops: 16 output channels per vector, and 16 positions
/// per vector for other channel counts), with and without ReLU and 2×2 pooling, against
/// im2col + GEMM followed by the separate activation and pooling; every instruction-set variant.
@Suite struct DirectConvolutionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var n, c, h, w, o, k, pad: Int
        var testDescription: String { "n\(n) c\(c) \(h)×\(w) o\(o) k\(k) p\(pad)" }
    }

    static let cases = [
        Case(n: 3, c: 1, h: 28, w: 28, o: 6, k: 5, pad: 0),     // LeNet conv1
        Case(n: 3, c: 6, h: 12, w: 12, o: 16, k: 5, pad: 0),    // LeNet conv2
        Case(n: 2, c: 3, h: 9, w: 13, o: 32, k: 3, pad: 1),
        Case(n: 2, c: 4, h: 7, w: 5, o: 11, k: 3, pad: 2),
        Case(n: 1, c: 2, h: 6, w: 19, o: 16, k: 1, pad: 0),
        Case(n: 2, c: 5, h: 11, w: 11, o: 9, k: 7, pad: 3),
        Case(n: 1, c: 1, h: 3, w: 3, o: 1, k: 3, pad: 0),
    ]

    @Test(arguments: DirectConvolutionTests.cases)
    func matchesIm2colThenActivationThenPooling(_ t: Case) {
        var rng = RandomGenerator(seed: UInt64(t.c * 100 + t.o))
        let x = Tensor<Float>.normal([t.n, t.c, t.h, t.w], rng: &rng)
        let weight = Tensor<Float>.normal([t.o, t.c, t.k, t.k], rng: &rng)
        let bias = Tensor<Float>.normal([t.o], rng: &rng)
        let config = Conv2DConfig(padding: (t.pad, t.pad))
        let conv = Tensor.conv2d(x, weight, bias: bias, config)
        for isa in KernelISA.runnable {
            for relu in [false, true] {
                let activated = relu ? conv.relu() : conv
                for pool in [false, true] where !pool || (conv.shape[2] >= 2 && conv.shape[3] >= 2) {
                    let want = pool ? Tensor.maxPool2d(activated, Pool2DConfig(kernel: (2, 2))).output : activated
                    let got = KernelISA.with(isa) {
                        Tensor.directConv2d(x, weight, bias: bias, padding: (t.pad, t.pad), relu: relu, pool: pool)
                    }
                    #expect(got.shape == want.shape, "\(isa.name) relu \(relu) pool \(pool)")
                    let diff = zip(got.scalars, want.scalars).map { abs($0 - $1) }.max() ?? 0
                    #expect(diff < 1e-4, "\(t.testDescription) \(isa.name) relu \(relu) pool \(pool): \(diff)")
                }
            }
        }
    }
}
