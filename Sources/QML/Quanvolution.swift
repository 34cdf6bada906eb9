import QuantumSim

/// Quanvolution (Henderson et al. 2020; PennyLane's quanvolution demo): one circuit applied to
/// every k×k patch (stride s) of every image, each qubit's ⟨Z⟩ an output channel.
///
/// A patch's C·k·k pixels (channel-major, then row, then column) are angle-encoded on C·k·k
/// qubits, RY(π·x) or RX(π·x), then `layers` basic-entangler layers run (trainable, or fixed
/// random weights for the random quanvolution). Shapes: [N, C, H, W] → [N, C·k·k, OH, OW] with
/// OH = (H − k)/s + 1 (OW likewise). All N·OH·OW patches of a batch are one batched circuit
/// evaluation; the backward pass is the adjoint method's vector–Jacobian product, giving
/// gradients for the weights and for the image (patch gradients added back where patches
/// overlap). O(N·OH·OW·layers·(C·k·k)·2^(C·k·k)).
public final class Quanvolution<Scalar: TensorScalar>: LayerContainer {
    /// Patch side k and stride s.
    public let kernel: Int, stride: Int
    /// Input channels C.
    public let channels: Int
    /// The circuit on one patch, as a layer over [patches, C·k·k].
    public let circuit: QuantumLayer<Scalar>

    /// The circuit after the encoding.
    public enum Ansatz: Sendable, Equatable {
        /// `Templates.basicEntangler`: RX on every qubit and a CNOT ring per layer.
        case basicEntangler
        /// `Templates.randomLayers` (PennyLane's `RandomLayers`, the quanvolution demo's circuit),
        /// its structure drawn from the layer's seed.
        case randomLayers
    }

    /// A quanvolution with weights drawn uniformly from [0, 2π), seeded; `trainable: false` keeps
    /// them fixed (a buffer).
    public init(channels: Int = 1, kernel: Int, stride: Int, encoding: Encoders.Axis = .y, layers: Int,
                ansatz: Ansatz = .basicEntangler, trainable: Bool = true, seed: UInt64) throws {
        guard channels > 0, kernel > 0, stride > 0, layers >= 0 else {
            throw QMLError.invalidArgument("quanvolution needs channels, kernel, stride > 0 and layers ≥ 0")
        }
        guard encoding != .z else { throw QMLError.invalidArgument("quanvolution encodes with RY or RX, not \(encoding)") }
        let qubits = channels * kernel * kernel
        guard qubits <= 16 else { throw QMLError.invalidArgument("a \(kernel)×\(kernel) patch of \(channels) channels needs \(qubits) qubits (at most 16)") }
        let body = ansatz == .basicEntangler ? Templates.basicEntangler(qubits: qubits, layers: layers)
            : Templates.randomLayers(qubits: qubits, layers: layers, seed: seed ^ 0x5EED_0F_1A7E5)
        let circuit = Encoders.angle(features: qubits, axis: encoding, scale: .pi) + body.widened(to: qubits)
        let readout = QuantumReadout.expectations((0..<qubits).map { Observable.z($0) })
        self.circuit = try QuantumLayer(circuit, readout: readout, seed: seed, trainable: trainable)
        (self.channels, self.kernel, self.stride) = (channels, kernel, stride)
    }

    init(channels: Int, kernel: Int, stride: Int, circuit: QuantumLayer<Scalar>) {
        (self.channels, self.kernel, self.stride, self.circuit) = (channels, kernel, stride, circuit)
    }

    /// Output height or width for an input side.
    public func outputSize(_ side: Int) -> Int { (side - kernel) / stride + 1 }

    public func callAsFunction(_ x: Variable<Scalar>) -> Variable<Scalar> {
        precondition(x.shape.count == 4 && x.shape[1] == channels,
                     "Quanvolution: input \(x.shape) is not [N, \(channels), H, W]")
        let (n, h, w) = (x.shape[0], x.shape[2], x.shape[3])
        precondition(h >= kernel && w >= kernel, "Quanvolution: input \(x.shape) is smaller than the \(kernel)×\(kernel) patch")
        let (oh, ow) = (outputSize(h), outputSize(w))
        let q = channels * kernel * kernel
        let values = circuit(patches(x))
        return values.reshaped([n, oh * ow, q]).permuted([0, 2, 1]).reshaped([n, q, oh, ow])
    }

    /// [N, C, H, W] → [N·OH·OW, C·k·k]: row (image, oy, ox) holds the patch at (oy·s, ox·s);
    /// the backward pass adds each row's gradient back onto its pixels.
    func patches(_ x: Variable<Scalar>) -> Variable<Scalar> {
        let (n, h, w) = (x.shape[0], x.shape[2], x.shape[3])
        let (oh, ow, k, s, c) = (outputSize(h), outputSize(w), kernel, stride, channels)
        let rows = n * oh * ow, width = c * k * k
        // index[row·width + j] = the pixel patch element j of row `row` reads
        var index = [Int](repeating: 0, count: rows * width)
        for image in 0..<n {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let row = (image * oh + oy) * ow + ox
                    for ci in 0..<c {
                        for ky in 0..<k {
                            for kx in 0..<k {
                                let j = (ci * k + ky) * k + kx
                                index[row * width + j] = ((image * c + ci) * h + oy * s + ky) * w + ox * s + kx
                            }
                        }
                    }
                }
            }
        }
        let source = x.value.scalars
        let value = Tensor<Scalar>(shape: [rows, width], scalars: index.map { source[$0] })
        let shape = x.shape
        return Variable.custom("quanvolutionPatches", inputs: [x], value: value) { g, needed in
            guard needed[0] else { return [nil] }
            var dx = [Scalar](repeating: 0, count: shape.reduce(1, *))
            for (i, pixel) in index.enumerated() { dx[pixel] += g.scalars[i] }
            return [Tensor(shape: shape, scalars: dx)]
        }
    }

    public var children: [(name: String, layer: any Layer<Scalar>)] { [("circuit", circuit)] }

    public func replacingChildren(_ layers: [any Layer<Scalar>]) -> any Layer<Scalar> {
        guard let circuit = layers.first as? QuantumLayer<Scalar> else { return self }
        return Quanvolution(channels: channels, kernel: kernel, stride: stride, circuit: circuit)
    }
}
