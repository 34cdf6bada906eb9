import CKernels

/// Fake-quantizes the activation passing through it with fixed per-tensor affine parameters
/// (calibrated beforehand): x̂ = (clamp(round(x/s) + z, qmin, qmax) − z)·s. Placed in front of a
/// layer it simulates the integer layer's input codes; gradients pass straight through inside
/// the range (clipped STE), so a model holding it can still be fine-tuned.
public final class InputQuantizer: StatelessLayer {
    public typealias Scalar = Float
    public let parameters: QuantizationParameters

    /// `parameters` must be per tensor.
    public init(_ parameters: QuantizationParameters) {
        precondition(parameters.scales.count == 1, "InputQuantizer: activations are quantized per tensor")
        self.parameters = parameters
    }

    /// Parameters of `bits`-bit unsigned affine codes covering [minimum, maximum] (and 0).
    public convenience init(bits: Int, minimum: Float, maximum: Float) throws {
        let scheme = try QuantizationScheme.activations(bits: bits)
        self.init(try QuantizationParameters(scheme: scheme, shape: [], minimums: [minimum], maximums: [maximum]))
    }

    public var bits: Int { parameters.scheme.bits }

    public func callAsFunction(_ x: Variable<Float>) -> Variable<Float> {
        guard x.requiresGrad else { return Variable(self(x.value)) }
        guard let p = try? QuantizationParameters(scheme: parameters.scheme, shape: x.shape, scales: parameters.scales,
                                                  zeroPoints: parameters.zeroPoints) else { return x }
        return fakeQuantize(x, p, estimator: .clippedSTE)
    }

    /// Inference: the codes by the activation-quantization kernel, then (q − z)·s. O(count).
    public func callAsFunction(_ x: Tensor<Float>) -> Tensor<Float> {
        let (s, z) = (parameters.scales[0], parameters.zeroPoints[0])
        let (qlo, qhi) = (parameters.scheme.qmin, parameters.scheme.qmax)
        let lo = Double(qlo) - Double(z) - 1, hi = Double(qhi) - Double(z) + 1
        return x.withUnsafeBufferPointer { src in
            Tensor(shape: x.shape) { out in
                let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: Swift.max(src.count, 1))
                defer { bytes.deallocate() }
                quanta_quantize_activation(src.baseAddress, src.count, 1 / s, lo, hi, z, qlo, qhi, bytes)
                let signed = parameters.scheme.isSigned
                for i in 0..<src.count {
                    let q = signed ? Int32(Int8(bitPattern: bytes[i])) : Int32(bytes[i])
                    out[i] = Float(q - z) * s
                }
            }
        }
    }
}

/// Calls `observe` with every activation passing through it; the identity otherwise. Used to
/// calibrate the inputs of layers anywhere in a tree.
final class ActivationTap: StatelessLayer {
    typealias Scalar = Float
    let observe: (Tensor<Float>) -> Void

    init(_ observe: @escaping (Tensor<Float>) -> Void) { self.observe = observe }

    func callAsFunction(_ x: Variable<Float>) -> Variable<Float> {
        observe(x.value)
        return x
    }
}
