import Foundation
import Testing
@testable import QML

/// The quanvolution layer: values against a circuit run per patch, gradients against finite
/// differences (weights and pixels, overlapping patches included), fixed weights as buffers.
@Suite struct QuanvolutionTests {
    static func image(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
        var rng = RandomGenerator(seed: seed)
        return .uniform(shape, low: 0, high: 1, rng: &rng)
    }

    /// Each output pixel equals ⟨Z_q⟩ of the circuit compiled and run on that one patch.
    @Test(arguments: [(1, 2, 2, Encoders.Axis.y), (1, 2, 1, .x), (2, 2, 3, .y)])
    func valuesEqualOneCircuitPerPatch(channels: Int, kernel: Int, stride: Int, axis: Encoders.Axis) throws {
        let layer = try Quanvolution<Double>(channels: channels, kernel: kernel, stride: stride, encoding: axis,
                                             layers: 2, seed: 7)
        let x = Self.image([2, channels, 5, 6], seed: 8)
        let y = layer(x)
        let (oh, ow, q) = (layer.outputSize(5), layer.outputSize(6), channels * kernel * kernel)
        #expect(y.shape == [2, q, oh, ow])
        let circuit = Encoders.angle(features: q, axis: axis, scale: .pi) + Templates.basicEntangler(qubits: q, layers: 2)
        let program = QuantumProgram(circuit)
        let weights = layer.circuit.weights.value.scalars
        for image in 0..<2 {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    var patch: [Double] = []
                    for c in 0..<channels {
                        for ky in 0..<kernel {
                            for kx in 0..<kernel {
                                patch.append(x.scalars[((image * channels + c) * 5 + oy * stride + ky) * 6 + ox * stride + kx])
                            }
                        }
                    }
                    for qubit in 0..<q {
                        let want = try program.expectation(weights: weights, inputs: patch, observable: .z(qubit))
                        let got = y.scalars[((image * q + qubit) * oh + oy) * ow + ox]
                        #expect(abs(got - want) < 1e-12, "image \(image) (\(oy), \(ox)) qubit \(qubit)")
                    }
                }
            }
        }
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        for stride in [2, 1] {
            let layer = try Quanvolution<Double>(kernel: 2, stride: stride, layers: 2, seed: 3)
            let result = gradcheck([Self.image([2, 1, 4, 5], seed: 4)], parameters: [layer.circuit.weights],
                                   tolerance: 1e-6) { v in layer(v[0]) }
            #expect(result.passed, "stride \(stride): \(result)")
        }
    }

    /// Fixed (random) weights are a buffer, get no gradient, and still pass gradients to the input.
    @Test func fixedWeightsAreABuffer() throws {
        let layer = try Quanvolution<Double>(kernel: 2, stride: 2, encoding: .x, layers: 1, trainable: false, seed: 5)
        #expect(layer.namedParameters.isEmpty)
        #expect(layer.namedBuffers.map(\.name) == ["circuit.weights"])
        let x = Variable(Self.image([1, 1, 4, 4], seed: 6), requiresGrad: true)
        layer(x).sum().backward()
        #expect(layer.circuit.weights.grad == nil)
        #expect(x.grad != nil)
        let result = gradcheck([Self.image([2, 1, 4, 4], seed: 7)], tolerance: 1e-6) { v in layer(v[0]) }
        #expect(result.passed, "\(result)")
        let replaced = Tensor<Double>(repeating: 0.5, shape: [4])
        #expect(layer.setBuffer("circuit.weights", to: replaced))
        #expect(layer.circuit.weights.value == replaced)
    }

    @Test func badGeometryIsRefused() {
        #expect(throws: QMLError.self) { try Quanvolution<Double>(kernel: 0, stride: 1, layers: 1, seed: 1) }
        #expect(throws: QMLError.self) { try Quanvolution<Double>(channels: 5, kernel: 2, stride: 1, layers: 1, seed: 1) }
        #expect(throws: QMLError.self) { try Quanvolution<Double>(kernel: 2, stride: 1, encoding: .z, layers: 1, seed: 1) }
    }
}

/// PennyLane-style random layers: weight count, a structure fixed by the seed, gradients.
@Suite struct RandomLayersTests {
    @Test func structureFollowsTheSeed() throws {
        let a = Templates.randomLayers(qubits: 4, layers: 2, seed: 3)
        #expect(a.weightCount == 8)
        #expect(a.instructions.count >= 8)
        let x = QuanvolutionTests.image([2, 1, 4, 4], seed: 1)
        let same = try (0..<2).map { _ in
            try Quanvolution<Double>(kernel: 2, stride: 2, layers: 1, ansatz: .randomLayers, trainable: false, seed: 9)(x).scalars
        }
        let other = try Quanvolution<Double>(kernel: 2, stride: 2, layers: 1, ansatz: .randomLayers, trainable: false, seed: 10)(x)
        #expect(same[0] == same[1] && same[0] != other.scalars)
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        let layer = try Quanvolution<Double>(kernel: 2, stride: 1, layers: 2, ansatz: .randomLayers, seed: 4)
        let result = gradcheck([QuanvolutionTests.image([1, 1, 3, 3], seed: 2)], parameters: [layer.circuit.weights],
                               tolerance: 1e-6) { v in layer(v[0]) }
        #expect(result.passed, "\(result)")
    }
}
