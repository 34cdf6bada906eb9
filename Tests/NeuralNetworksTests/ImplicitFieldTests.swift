import Foundation
import Testing
@testable import NeuralNetworks

/// SIREN layers and `ImageField`: values by hand, sizes, the hidden split, fitting.
@Suite struct ImplicitFieldTests {
    @Test func sineLayerIsTheSineOfTheScaledAffineMap() {
        var rng = RandomGenerator(seed: 1)
        let layer = SineLayer<Double>(2, 1, omega: 30, first: true, rng: &rng)
        layer.linear.weight.value = Tensor(shape: [1, 2], scalars: [0.01, -0.02])
        layer.linear.bias!.value = Tensor(shape: [1], scalars: [0.005])
        let y = layer(Variable(Tensor(shape: [1, 2], scalars: [1, 2]))).value.scalar
        #expect(abs(y - sin(30 * (0.01 - 0.04 + 0.005))) < 1e-15)
    }

    @Test func sirenInitialisationBoundsAndParameterCount() {
        let net: Sequential<Double> = Models.siren(inputs: 2, width: 10, hidden: 3, outputs: 1, seed: 2)
        #expect(net.parameterCount == 3 * 10 + 2 * 11 * 10 + 11)
        let first = (net.layers[0] as! SineLayer<Double>).linear.weight.value.scalars
        let second = (net.layers[1] as! SineLayer<Double>).linear.weight.value.scalars
        #expect(first.allSatisfy { abs($0) <= 0.5 })
        #expect(second.allSatisfy { abs($0) <= (0.6).squareRoot() / 30 })
        #expect(Models.sirenWidth(inputs: 2, hidden: 3, outputs: 1, parameters: 251) == 10)
        let gradients = gradcheck([Tensor(shape: [3, 2], scalars: [0.1, -0.2, 0.3, 0.4, -0.5, 0.6])], parameters: net.parameters) { net($0[0]) }
        #expect(gradients.passed, "\(gradients)")
    }

    @Test func fieldCoordinatesAndHiddenSplit() {
        let image = Tensor<Float>(shape: [11, 12], scalars: (0..<132).map { Float($0) / 131 })
        let field = ImageField(image: image, hiddenFraction: 0.25, seed: 3)
        let xy = field.coordinates.scalars
        #expect(Array(xy[0..<2]) == [-1, -1])
        #expect(Array(xy[2..<4]) == [Float(-1 + 2.0 / 11), -1])
        #expect(Array(xy[24..<26]) == [-1, Float(-1 + 2.0 / 10)])
        #expect(Array(xy[262..<264]) == [1, 1])
        #expect(field.hidden.count == 33 && field.visible.count == 99)
        #expect(Set(field.hidden).isDisjoint(with: field.visible))
        #expect(ImageField(image: image, hiddenFraction: 0.25, seed: 3).hidden == field.hidden)
        let perfect = field.scores(field.pixels)
        #expect(perfect.psnr == .infinity && perfect.hiddenPSNR == .infinity)
    }

    @Test func completionScoresOnlyTheHiddenPixels() {
        let image = Tensor<Float>(shape: [12, 12], scalars: (0..<144).map { Float($0 % 7) / 6 })
        let field = ImageField(image: image, hiddenFraction: 0.3, seed: 4)
        var rendered = field.pixels
        for i in field.hidden { rendered[i] = Swift.min(rendered[i] + 0.1, 1) }
        for i in field.visible { rendered[i] = 0.5 }
        let s = field.scores(rendered)
        let expected = ImageQuality.psnr(field.hidden.map { rendered[$0] }, field.hidden.map { field.pixels[$0] })
        #expect(s.hiddenPSNR == expected)
        #expect(s.completedSSIM! > s.ssim)
    }

    @Test func fittingASirenLowersTheError() {
        let side = 12
        let image = Tensor<Float>(shape: [side, side], scalars: (0..<(side * side)).map { Float(0.5 + 0.4 * sin(Double($0 % side))) })
        let field = ImageField(image: image)
        let net: Sequential<Float> = Models.siren(inputs: 2, width: 16, hidden: 2, outputs: 1, seed: 5)
        let losses = field.fit(net, steps: 150, learningRate: 1e-3)
        #expect(losses.last! < losses.first! / 20)
    }
}
