import Testing
import Tensor
@testable import Quantization

/// The chunked integer convolution (im2col, GEMM, in-place pooling, vectorised requantisation)
/// against a direct scalar convolution written from the definitions.
@Suite struct ConvKernelTests {
    struct Case: Sendable, CustomStringConvertible {
        var channels: (Int, Int), kernel: Int, stride: Int, padding: Int, size: (Int, Int), batch: Int, pool: Int?, signed: Bool
        var description: String { "C=\(channels) k=\(kernel) s=\(stride) p=\(padding) \(size) B=\(batch) pool=\(pool.map(String.init) ?? "-") signed=\(signed)" }
    }

    static let cases: [Case] = [
        Case(channels: (1, 6), kernel: 5, stride: 1, padding: 0, size: (28, 28), batch: 7, pool: 2, signed: false),   // LeNet conv1
        Case(channels: (6, 16), kernel: 5, stride: 1, padding: 0, size: (12, 12), batch: 9, pool: 2, signed: false),  // LeNet conv2
        Case(channels: (2, 3), kernel: 3, stride: 1, padding: 1, size: (7, 9), batch: 5, pool: 2, signed: true),      // odd sizes, padding
        Case(channels: (3, 4), kernel: 3, stride: 2, padding: 1, size: (11, 10), batch: 3, pool: 3, signed: false),   // stride, 3×3 pool
        Case(channels: (2, 17), kernel: 2, stride: 1, padding: 0, size: (13, 21), batch: 4, pool: nil, signed: true), // no pool, odd widths
    ]

    @Test(arguments: cases)
    func chunkedConvEqualsDirect(c: Case) throws {
        var rng = RandomGenerator(seed: UInt64(c.channels.1 * 100 + c.size.1))
        let conv = Conv2D<Float>(c.channels.0, c.channels.1, kernelSize: c.kernel, stride: c.stride, padding: c.padding, rng: &rng)
        var layers: [any Layer<Float>] = [conv, Activation(.relu)]
        if let p = c.pool { layers.append(MaxPool2D(kernelSize: p)) }
        let model = Sequential<Float>(layers)
        let x = Tensor<Float>.normal([c.batch, c.channels.0, c.size.0, c.size.1], rng: &rng)
        let ptq = PostTrainingQuantization(activationScheme: try QuantizationScheme.activations(signed: c.signed))
        let q = try ptq.quantize(model, calibration: [x])
        guard case .conv2d(_, var layer) = q.operations[0] else { Issue.record("no conv"); return }
        var pool: Pool2DConfig?
        if q.operations.count > 1, case .maxPool2d(let p) = q.operations[1] { pool = p }
        let input = QuantizedActivation(quantizing: x, q.input)
        let expected = direct(layer, input, pool: pool)
        for chunkBytes in [1, 3000, 1 << 20] {
            layer.chunkBytes = chunkBytes
            for backend in IntegerBackend.allCases {
                let got = layer(input, backend: backend, thenPool: pool, workspace: ConvolutionWorkspace())
                #expect(got.shape == expected.shape && got.codes == expected.codes, "\(c) chunk \(chunkBytes) \(backend)")
            }
        }
        // the C pooling and requantisation loops in every instruction-set variant
        for isa in KernelISA.runnable {
            let got = KernelISA.with(isa) { layer(input, backend: .oneDNN, thenPool: pool, workspace: ConvolutionWorkspace()) }
            #expect(got.codes == expected.codes, "\(c) \(isa.name)")
        }
    }

    /// y = clamp(z_y + apply(bias + Σ (x − z_x)·w), lo, hi) per output, then max pooling on codes.
    func direct(_ layer: QuantizedConv2D, _ x: QuantizedActivation, pool: Pool2DConfig?) -> QuantizedActivation {
        let core = layer.core, (b, h, w) = (x.shape[0], x.shape[2], x.shape[3])
        let (oh, ow) = layer.outputSize(h, w), (kh, kw) = layer.kernel, n = core.outputs
        let (sy, sx) = layer.config.stride, (py, px) = layer.config.padding, (dy, dx) = layer.config.dilation
        var codes = [UInt8](repeating: 0, count: b * n * oh * ow)
        for image in 0..<b {
            for o in 0..<n {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        var acc = core.bias[o]
                        for ci in 0..<layer.inChannels {
                            for ky in 0..<kh {
                                for kx in 0..<kw {
                                    let (iy, ix) = (oy * sy - py + ky * dy, ox * sx - px + kx * dx)
                                    guard iy >= 0 && iy < h && ix >= 0 && ix < w else { continue }
                                    let v = x.value(at: ((image * layer.inChannels + ci) * h + iy) * w + ix) - x.parameters.zeroPoint
                                    acc += v * Int32(core.weightCodes[((ci * kh + ky) * kw + kx) * n + o])
                                }
                            }
                        }
                        let y = Swift.min(Swift.max(core.multipliers[o].apply(acc) + core.output.zeroPoint, core.lowerBound), core.output.qmax)
                        codes[((image * n + o) * oh + oy) * ow + ox] = UInt8(truncatingIfNeeded: y)
                    }
                }
            }
        }
        let out = QuantizedActivation(codes: codes, shape: [b, n, oh, ow], parameters: core.output)
        return pool.map { maxPoolCodes(out, $0) } ?? out
    }
}
