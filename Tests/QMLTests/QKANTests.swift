import Foundation
import Testing
@testable import QML

/// DARUAN and the QKAN layer: values against 2×2 matrix products, gradients against central
/// differences, layer extension, the bottleneck's sizes, and the frequency spectrum that
/// trainable pre-activation weights open up.
@Suite struct QKANTests {
    typealias Gate = [Complex]

    static func rz(_ a: Double) -> Gate { [Complex(cos(a / 2), -sin(a / 2)), Complex(0), Complex(0), Complex(cos(a / 2), sin(a / 2))] }
    static func ry(_ a: Double) -> Gate { [Complex(cos(a / 2)), Complex(-sin(a / 2)), Complex(sin(a / 2)), Complex(cos(a / 2))] }
    static func rx(_ a: Double) -> Gate {
        [Complex(cos(a / 2)), Complex(0, -sin(a / 2)), Complex(0, -sin(a / 2)), Complex(cos(a / 2))]
    }
    static let pauliX: Gate = [Complex(0), Complex(1), Complex(1), Complex(0)]
    static let pauliZ: Gate = [Complex(1), Complex(0), Complex(0), Complex(-1)]

    static func apply(_ g: Gate, _ v: [Complex]) -> [Complex] { [g[0] * v[0] + g[1] * v[1], g[2] * v[0] + g[3] * v[1]] }

    /// ⟨Z⟩ of the ansatz built gate by gate: θ [blocks][angles], data angles a_ℓ.
    static func reference(_ ansatz: DARUAN.Ansatz, theta: [[Double]], data: [Double]) -> Double {
        var v = [Complex(0.5.squareRoot()), Complex(0.5.squareRoot())]
        for (l, a) in data.enumerated() {
            let gates: [Gate]
            switch ansatz {
            case .pz: gates = [rz(theta[l][0]), ry(theta[l][1]), rz(a)]
            case .rpz: gates = [ry(theta[l][0]), rz(a)]
            case .px: gates = [rz(theta[l][0]), rx(acos(a))]
            case .real: gates = [pauliX, ry(theta[l][0]), pauliZ, ry(a)]
            }
            for g in gates { v = apply(g, v) }
        }
        let r = data.count
        switch ansatz {
        case .pz: v = apply(ry(theta[r][1]), apply(rz(theta[r][0]), v))
        case .rpz: v = apply(ry(theta[r][0]), v)
        case .px: v = apply(rz(theta[r][0]), v)
        case .real: break
        }
        return v[0].re * v[0].re + v[0].im * v[0].im - v[1].re * v[1].re - v[1].im * v[1].im
    }

    static func layer(_ ansatz: DARUAN.Ansatz, _ i: Int, _ o: Int, reps: Int, seed: UInt64) -> QKANLayer<Double> {
        let all = QKANLayer<Double>.Trainable(preactivation: true, postactivation: true, base: true)
        let layer = QKANLayer<Double>(i, o, activation: DARUAN(ansatz: ansatz, repetitions: reps), trainable: all, seed: seed)
        var rng = RandomGenerator(seed: seed &+ 100)
        // keep px's data angle inside (−1, 1): small weights and biases
        let scale = ansatz == .px ? 0.3 : 1.0
        for v in [layer.preWeight, layer.preBias, layer.postWeight, layer.postBias, layer.baseWeight] {
            v.value = .uniform(v.shape, low: -scale, high: scale, rng: &rng)
        }
        return layer
    }

    @Test(arguments: DARUAN.Ansatz.allCases)
    func edgeFunctionsEqualMatrixProducts(_ ansatz: DARUAN.Ansatz) {
        let (i, o, r) = (3, 2, 3)
        let layer = Self.layer(ansatz, i, o, reps: r, seed: 4)
        var rng = RandomGenerator(seed: 5)
        let x = Tensor<Double>.uniform([4, i], low: -1, high: 1, rng: &rng)
        let phi = layer.edgeFunctions(Variable(x)).value
        #expect(phi.shape == [4, o, i])
        let t = layer.theta.value.scalars, k = layer.activation.anglesPerBlock, blocks = layer.activation.thetaBlocks
        for b in 0..<4 { for out in 0..<o { for inp in 0..<i {
            let edge = out * i + inp
            let theta = (0..<blocks).map { l in (0..<k).map { t[(edge * blocks + l) * k + $0] } }
            let data = (0..<r).map { l in
                layer.preWeight.value.scalars[edge * r + l] * x.scalars[b * i + inp] + layer.preBias.value.scalars[edge * r + l]
            }
            let want = Self.reference(ansatz, theta: theta, data: data)
            #expect(abs(phi.scalars[(b * o + out) * i + inp] - want) < 1e-12, "\(ansatz) sample \(b) edge (\(out), \(inp))")
        } } }
    }

    /// y_o = Σ_i m·[p·(φ + c) + β·SiLU(x_i)] by hand from the edge functions.
    @Test func layerSumsItsEdges() {
        let layer = Self.layer(.pz, 3, 2, reps: 2, seed: 8)
        layer.mask = Tensor(shape: [2, 3], scalars: [1, 0, 1, 1, 1, 0])
        var rng = RandomGenerator(seed: 9)
        let x = Tensor<Double>.uniform([2, 3], low: -1, high: 1, rng: &rng)
        let phi = layer.edgeFunctions(Variable(x)).value.scalars
        let y = layer(x).scalars
        for b in 0..<2 { for o in 0..<2 {
            var want = 0.0
            for i in 0..<3 {
                let e = o * 3 + i, xi = x.scalars[b * 3 + i]
                let edge = layer.postWeight.value.scalars[e] * (phi[(b * 2 + o) * 3 + i] + layer.postBias.value.scalars[e])
                want += layer.mask.scalars[e] * (edge + layer.baseWeight.value.scalars[e] * xi / (1 + exp(-xi)))
            }
            #expect(abs(y[b * 2 + o] - want) < 1e-12)
        } }
    }

    @Test(arguments: DARUAN.Ansatz.allCases)
    func gradientsMatchFiniteDifferences(_ ansatz: DARUAN.Ansatz) {
        let layer = Self.layer(ansatz, 3, 2, reps: 2, seed: 11)
        var rng = RandomGenerator(seed: 12)
        let x = Tensor<Double>.uniform([3, 3], low: -0.9, high: 0.9, rng: &rng)
        let result = gradcheck([x], parameters: layer.namedParameters.map(\.variable), tolerance: 1e-6) { v in layer(v[0]) }
        #expect(result.passed, "\(ansatz): \(result)")
        #expect(layer.namedParameters.count == 6)
    }

    /// Extension keeps the function for the ansätze with an identity block; `px` and `real` refuse.
    @Test func extensionKeepsTheFunction() throws {
        var rng = RandomGenerator(seed: 13)
        let x = Tensor<Double>.uniform([5, 3], low: -0.9, high: 0.9, rng: &rng)
        for ansatz in [DARUAN.Ansatz.pz, .rpz] {
            let layer = Self.layer(ansatz, 3, 2, reps: 2, seed: 14)
            let grown = try layer.extended(toRepetitions: 5)
            #expect(grown.activation.repetitions == 5 && grown.theta.shape[2] == 6)
            let worst = zip(layer(x).scalars, grown(x).scalars).map { abs($0 - $1) }.max()!
            #expect(worst < 1e-12, "\(ansatz): \(worst)")
        }
        for ansatz in [DARUAN.Ansatz.px, .real] {
            #expect(throws: QMLError.self) { try Self.layer(ansatz, 3, 2, reps: 2, seed: 1).extended(toRepetitions: 3) }
        }
    }

    /// Frozen parameters are buffers and come back from a checkpoint's names.
    @Test func frozenPartsAreBuffers() {
        let layer = QKANLayer<Double>(4, 3, seed: 1)
        #expect(layer.namedParameters.map(\.name) == ["theta", "base_weight"])
        #expect(layer.namedBuffers.map(\.name) == ["preact_weight", "preact_bias", "postact_weight", "postact_bias", "mask"])
        #expect(layer.setBuffer("preact_weight", to: .zeros([3, 4, 3])))
        #expect(layer.preWeight.value.scalars.allSatisfy { $0 == 0 })
        #expect(!layer.setBuffer("theta", to: .zeros([3, 4, 4, 2])))
    }

    @Test func bottleneckSizes() {
        let block: Sequential<Double> = HQKAN.bottleneck(256, 100, seed: 3)
        #expect(HQKAN.width(256) == 8 && HQKAN.width(100) == 7 && HQKAN.width(1) == 1)
        #expect(block(Tensor<Double>.zeros([2, 256])).shape == [2, 100])
        let qkan = block.layers[1] as! QKANLayer<Double>
        #expect(qkan.inputs == 8 && qkan.outputs == 7)
    }
}

/// The paper's claim, measured: with fixed pre-activation weights a DARUAN of r blocks is a
/// trigonometric polynomial of degree r in x, so cos(4x) is out of reach of r = 2; trainable
/// weights let the same two blocks reach frequency 4. Both are fitted, and the fitted
/// functions' discrete Fourier transforms are compared.
@Suite struct DARUANSpectrumTests {
    static let points = 64
    static var grid: Tensor<Double> {
        Tensor(shape: [points, 1], scalars: (0..<points).map { -Double.pi + 2 * Double.pi * Double($0) / Double(points) })
    }

    /// |DFT| of the samples at frequencies 0…points/2.
    static func spectrum(_ f: [Double]) -> [Double] {
        (0...(points / 2)).map { k in
            var (re, im) = (0.0, 0.0)
            for (j, v) in f.enumerated() {
                let a = 2 * Double.pi * Double(k * j) / Double(points)
                re += v * cos(a)
                im -= v * sin(a)
            }
            return (re * re + im * im).squareRoot() / Double(points)
        }
    }

    /// Best of `starts` Adam fits to cos(4x) (mean squared error), pre-activation weights
    /// drawn from U(0, 3) when trainable.
    static func fit(trainable: Bool, starts: Int) -> (error: Double, values: [Double]) {
        let x = grid
        let target = Tensor<Double>(shape: [points, 1], scalars: x.scalars.map { cos(4 * $0) })
        var best = (error: Double.infinity, values: [Double]())
        for start in 0..<starts {
            let flags = QKANLayer<Double>.Trainable(preactivation: trainable, postactivation: true, base: false)
            let layer = QKANLayer<Double>(1, 1, activation: DARUAN(ansatz: .pz, repetitions: 2), trainable: flags,
                                          seed: UInt64(start))
            var rng = RandomGenerator(seed: UInt64(100 + start))
            if trainable { layer.preWeight.value = .uniform([1, 1, 2], low: 0, high: 3, rng: &rng) }
            let adam = Adam(layer.parameters, learningRate: 0.05)
            for _ in 0..<300 {
                let loss = meanSquaredError(layer(Variable(x)), target)
                adam.zeroGrad()
                loss.backward()
                adam.step()
            }
            let values = layer(x).scalars
            let error = zip(values, target.scalars).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(points)
            if error < best.error { best = (error, values) }
        }
        return best
    }

    @Test func trainablePreactivationsReachHigherFrequencies() {
        let fixed = Self.fit(trainable: false, starts: 1)
        let free = Self.fit(trainable: true, starts: 3)
        let fixedSpectrum = Self.spectrum(fixed.values), freeSpectrum = Self.spectrum(free.values)
        // degree ≤ 2: nothing above frequency 2, so the fit keeps cos(4x)'s whole power (MSE 1/2)
        #expect(fixedSpectrum[3...].allSatisfy { $0 < 1e-9 }, "\(fixedSpectrum)")
        #expect(fixed.error > 0.49, "fixed weights: MSE \(fixed.error)")
        // trainable: the fit's spectrum peaks at 4 and the error is small
        let peak = freeSpectrum.indices.dropFirst().max { freeSpectrum[$0] < freeSpectrum[$1] }!
        #expect(peak == 4, "\(freeSpectrum)")
        #expect(free.error < 0.05, "trainable weights: MSE \(free.error)")
    }
}
