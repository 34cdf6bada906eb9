import XCTest
@testable import NeuralNetworks

/// Graph isomorphism network layers: invariance under relabelling nodes, padding ignored.
final class GraphNetworkTests: XCTestCase {
    let n = 5
    let f = 3

    /// [N, N + 1 + F] rows of one graph from edges, present nodes (the first `present`) and
    /// features (written for padding nodes too, which the mask must hide).
    func packed(_ edges: [(Int, Int)], present: Int, features: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: n * (n + 1 + f))
        for (a, b) in edges {
            out[a * (n + 1 + f) + b] = 1
            out[b * (n + 1 + f) + a] = 1
        }
        for v in 0..<n {
            out[v * (n + 1 + f) + n] = v < present ? 1 : 0
            for k in 0..<f { out[v * (n + 1 + f) + n + 1 + k] = features[v * f + k] }
        }
        return out
    }

    func model() -> Sequential<Double> {
        var rng = RandomGenerator(seed: 4)
        return Sequential<Double>([GINConvolution(nodes: n, inputFeatures: f, outputFeatures: 8, hidden: 16, rng: &rng),
                                   GINConvolution(nodes: n, inputFeatures: 8, outputFeatures: 8, hidden: 16, rng: &rng),
                                   GraphSumReadout(nodes: n), Linear(8, 2, rng: &rng)])
    }

    func testOutputIsInvariantUnderRelabellingTheNodes() {
        let edges = [(0, 1), (1, 2), (2, 3), (3, 4), (4, 0), (1, 3)]
        let features = (0..<(n * f)).map { sin(Double($0) * 0.7) }
        let permutation = [3, 0, 4, 1, 2]   // node v becomes permutation[v]
        let relabelled = edges.map { (permutation[$0.0], permutation[$0.1]) }
        var moved = [Double](repeating: 0, count: n * f)
        for v in 0..<n { for k in 0..<f { moved[permutation[v] * f + k] = features[v * f + k] } }
        let batch = packed(edges, present: n, features: features) + packed(relabelled, present: n, features: moved)
        let out = model()(Tensor<Double>(shape: [2, n, n + 1 + f], scalars: batch)).scalars
        XCTAssertEqual(out[0], out[2], accuracy: 1e-12)
        XCTAssertEqual(out[1], out[3], accuracy: 1e-12)
        // A different graph with the same features gives a different output.
        let other = packed([(0, 1), (1, 2)], present: n, features: features)
        let third = model()(Tensor<Double>(shape: [1, n, n + 1 + f], scalars: other)).scalars
        XCTAssertGreaterThan(abs(third[0] - out[0]), 1e-6)
    }

    func testPaddedNodesAreIgnored() {
        let edges = [(0, 1), (1, 2), (2, 3)]
        let features = (0..<(n * f)).map { cos(Double($0)) }
        var garbage = features
        for k in 0..<f { garbage[4 * f + k] = 100 }   // node 4 is padding
        let a = model()(Tensor<Double>(shape: [1, n, n + 1 + f], scalars: packed(edges, present: 4, features: features))).scalars
        let b = model()(Tensor<Double>(shape: [1, n, n + 1 + f], scalars: packed(edges, present: 4, features: garbage))).scalars
        XCTAssertEqual(a, b)
        XCTAssertEqual(model().parameterCount, 1 + (3 * 16 + 16) + (16 * 8 + 8) + 1 + (8 * 16 + 16) + (16 * 8 + 8) + (8 * 2 + 2))
    }

    func testGradientsMatchFiniteDifferences() {
        let net = model()
        let x = Variable(Tensor<Double>(shape: [1, n, n + 1 + f],
                                        scalars: packed([(0, 1), (2, 3), (1, 4)], present: n, features: (0..<15).map { 0.1 * Double($0) })))
        let gin = net.layers[0] as! GINConvolution<Double>
        gin.epsilon.value = Tensor(shape: [1], scalars: [0.3])
        net(x).sum().backward()
        let analytic = gin.epsilon.grad!.scalars[0]
        func loss(_ e: Double) -> Double {
            gin.epsilon.value = Tensor(shape: [1], scalars: [e])
            return net(x).value.scalars.reduce(0, +)
        }
        let numeric = (loss(0.3 + 1e-6) - loss(0.3 - 1e-6)) / 2e-6
        XCTAssertEqual(analytic, numeric, accuracy: 1e-6 * max(1, abs(numeric)))
    }
}
