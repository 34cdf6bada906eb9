import Testing
@testable import NeuralNetworks

@Suite struct ReshapeTests {
    @Test func reshapesEachSampleAndPassesGradients() {
        let layer = Reshape<Double>([2, 3])
        var rng = RandomGenerator(seed: 1)
        let x = Tensor<Double>.uniform([4, 6], rng: &rng)
        #expect(layer(Variable(x)).shape == [4, 2, 3])
        #expect(gradcheck([x]) { v in layer(v[0]).squared() }.passed)
    }
}
