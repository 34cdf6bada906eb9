import Testing
import Tensor

/// im2col and col2im (through conv2d with stride 2, padding and dilation, and its backward)
/// against the convolution written as plain sums, in every instruction-set variant.
@Suite struct Im2colKernelTests {
    @Test(arguments: KernelISA.runnable)
    func stridedDilatedConvolutionAndGradients(isa: KernelISA) {
        var rng = RandomGenerator(seed: 17)
        let (n, c, h, w, o, k) = (2, 3, 9, 8, 4, 3)
        let config = Conv2DConfig(stride: (2, 1), padding: (1, 2), dilation: (1, 2))
        let x = Tensor<Double>.normal([n, c, h, w], rng: &rng)
        let weight = Tensor<Double>.normal([o, c, k, k], rng: &rng)
        let y = KernelISA.with(isa) { Tensor.conv2d(x, weight, bias: nil, config) }
        let (oh, ow) = (y.shape[2], y.shape[3])
        let gy = Tensor<Double>.normal(y.shape, rng: &rng)
        let grads = KernelISA.with(isa) { Tensor.conv2dBackward(x, weight, gradOutput: gy, config, needInputGrad: true) }
        var want = [Double](repeating: 0, count: y.count)
        var wantDx = [Double](repeating: 0, count: x.count)
        for b in 0..<n { for oc in 0..<o { for oy in 0..<oh { for ox in 0..<ow {
            let out = ((b * o + oc) * oh + oy) * ow + ox
            for ci in 0..<c { for ky in 0..<k { for kx in 0..<k {
                let iy = oy * 2 - 1 + ky, ix = ox - 2 + kx * 2
                guard iy >= 0 && iy < h && ix >= 0 && ix < w else { continue }
                let xi = ((b * c + ci) * h + iy) * w + ix, wi = ((oc * c + ci) * k + ky) * k + kx
                want[out] += x.scalars[xi] * weight.scalars[wi]
                wantDx[xi] += gy.scalars[out] * weight.scalars[wi]
            } } }
        } } } }
        let forward = zip(y.scalars, want).map { abs($0 - $1) }.max() ?? 0
        let backward = zip(grads.input!.scalars, wantDx).map { abs($0 - $1) }.max() ?? 0
        #expect(forward < 1e-12, "\(isa.name) forward \(forward)")
        #expect(backward < 1e-12, "\(isa.name) input gradient \(backward)")
    }
}
