import Foundation
import Testing
@testable import NeuralNetworks

/// Transposed convolution and upsampling: against hand-placed kernels, PyTorch's shape rule,
/// and central differences.
@Suite struct DecoderLayerTests {
    @Test func aSinglePixelStampsTheKernelAtStridePositions() {
        // One input channel, one output channel, k = 3, stride 2, no padding: a 2×2 input of
        // [1, 0; 0, 2] writes the kernel at (0, 0) and twice the kernel at (2, 2) of a 5×5 output.
        var rng = RandomGenerator(seed: 1)
        let layer = ConvTranspose2D<Double>(1, 1, kernelSize: 3, stride: 2, bias: false, rng: &rng)
        let k = layer.weight.value.scalars
        let y = layer(Variable(Tensor<Double>(shape: [1, 1, 2, 2], scalars: [1, 0, 0, 2]))).value
        #expect(y.shape == [1, 1, 5, 5])
        var expected = [Double](repeating: 0, count: 25)
        for i in 0..<3 {
            for j in 0..<3 {
                expected[i * 5 + j] += k[i * 3 + j]
                expected[(i + 2) * 5 + j + 2] += 2 * k[i * 3 + j]
            }
        }
        for (a, b) in zip(y.scalars, expected) { #expect(abs(a - b) < 1e-12) }
    }

    @Test func shapesFollowPyTorch() {
        var rng = RandomGenerator(seed: 2)
        // (7 − 1)·2 − 2·1 + 3 + 1 = 14: stride 2 with output padding 1 doubles the side.
        let up = ConvTranspose2D<Float>(8, 4, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1, rng: &rng)
        #expect(up.outputShape([5, 8, 7, 7]) == [5, 4, 14, 14])
        #expect(ConvTranspose2D<Float>(4, 2, kernelSize: 4, stride: 2, padding: 1, rng: &rng).outputShape([1, 4, 7, 7]) == [1, 2, 14, 14])
        #expect(Upsample2D<Float>(factor: 2)(Variable(Tensor<Float>.zeros([2, 3, 4, 5]))).shape == [2, 3, 8, 10])
    }

    @Test func gradientsMatchCentralDifferences() {
        var rng = RandomGenerator(seed: 3)
        let layer = ConvTranspose2D<Double>(3, 2, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1, rng: &rng)
        let x = Tensor<Double>.uniform([2, 3, 3, 4], low: -1, high: 1, rng: &rng)
        let result = gradcheck([x], parameters: layer.parameters) { v in layer(v[0]) }
        #expect(result.passed, "\(result)")
        let upsample = Upsample2D<Double>(factor: 3)
        let up = gradcheck([x]) { v in upsample(v[0]).squared() }
        #expect(up.passed, "\(up)")
    }

    @Test func upsamplingRepeatsEachValueOverABlock() {
        let y = Upsample2D<Float>(factor: 2)(Variable(Tensor<Float>(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4]))).value
        #expect(y.scalars == [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
    }
}
