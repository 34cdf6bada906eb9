import Foundation
import Testing
@testable import QML

/// The two layers of "Let the Quantum Creep In": the flipped quanvolution's convolution form
/// against its circuit form, the re-uploading linear layer against a plain matrix simulation,
/// and both layers' gradients against central differences.
@Suite struct QuantumCreepLayerTests {
    typealias Matrix = [Complex]

    /// exp(M) by a Taylor series after scaling by 2⁻⁸ and squaring back (d×d, ‖M‖ small).
    static func exponential(_ m: Matrix, _ d: Int) -> Matrix {
        let scaled = m.map { (1.0 / 256) * $0 }
        var result = identity(d), term = identity(d)
        for k in 1...20 {
            term = product(term, scaled, d).map { (1.0 / Double(k)) * $0 }
            result = zip(result, term).map { $0 + $1 }
        }
        for _ in 0..<8 { result = product(result, result, d) }
        return result
    }

    static func identity(_ d: Int) -> Matrix {
        (0..<(d * d)).map { $0 / d == $0 % d ? Complex(1) : Complex(0) }
    }

    static func product(_ a: Matrix, _ b: Matrix, _ d: Int) -> Matrix {
        var out = Matrix(repeating: Complex(0), count: d * d)
        for i in 0..<d { for k in 0..<d { for j in 0..<d { out[i * d + j] += a[i * d + k] * b[k * d + j] } } }
        return out
    }

    static func kron(_ a: Matrix, _ da: Int, _ b: Matrix, _ db: Int) -> Matrix {
        let d = da * db
        var out = Matrix(repeating: Complex(0), count: d * d)
        for i in 0..<da { for j in 0..<da { for k in 0..<db { for l in 0..<db {
            out[(i * db + k) * d + j * db + l] = a[i * da + j] * b[k * db + l]
        } } } }
        return out
    }

    /// i·Σ_k θ_k P_k over the non-identity Pauli strings on n qubits, in lexicographic order
    /// of (I, X, Y, Z) with the leftmost letter the most significant factor.
    static func generator(_ theta: [Double], qubits n: Int) -> Matrix {
        let letters: [Matrix] = [
            [Complex(1), Complex(0), Complex(0), Complex(1)], [Complex(0), Complex(1), Complex(1), Complex(0)],
            [Complex(0), Complex(0, -1), Complex(0, 1), Complex(0)], [Complex(1), Complex(0), Complex(0), Complex(-1)],
        ]
        let d = 1 << n
        var g = Matrix(repeating: Complex(0), count: d * d)
        for code in 1..<(1 << (2 * n)) {
            var p: Matrix = [Complex(1)], dp = 1
            for w in 0..<n {
                p = kron(p, dp, letters[(code >> (2 * (n - 1 - w))) & 3], 2)
                dp *= 2
            }
            g = zip(g, p).map { $0 + Complex(0, theta[code - 1]) * $1 }
        }
        return g
    }

    /// The circuit form: (1/C) Σ_c ⟨ψ_oc|H|ψ_oc⟩ + b_o with ψ = exp(i Σ θ P)|00⟩ and H the
    /// zero-padded, symmetrised patch, every product written out in complex arithmetic.
    static func circuitForm(_ layer: FlippedQuanvolution<Double>, _ x: Tensor<Double>) -> [Double] {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let o = layer.outChannels
        let theta = layer.theta.value.scalars
        let states = (0..<(o * c)).map { p -> [Complex] in
            let u = exponential(generator(Array(theta[(p * 15)..<(p * 15 + 15)]), qubits: 2), 4)
            return (0..<4).map { u[$0 * 4] }
        }
        var out: [Double] = []
        for i in 0..<n { for oc in 0..<o { for y in 0..<(h - 2) { for xo in 0..<(w - 2) {
            var sum = Complex(0)
            for ch in 0..<c {
                var patch = [Double](repeating: 0, count: 16)
                for a in 0..<3 { for b in 0..<3 { patch[a * 4 + b] = x.scalars[((i * c + ch) * h + y + a) * w + xo + b] } }
                let psi = states[oc * c + ch]
                for a in 0..<4 { for b in 0..<4 {
                    sum += psi[a].conjugate * Complex((patch[a * 4 + b] + patch[b * 4 + a]) / 2) * psi[b]
                } }
            }
            out.append(sum.re / Double(c) + layer.bias.value.scalars[oc])
        } } } }
        return out
    }

    @Test func flippedQuanvolutionEqualsItsCircuitForm() {
        let layer = FlippedQuanvolution<Double>(3, 2, seed: 11)
        var rng = RandomGenerator(seed: 12)
        let x = Tensor<Double>.uniform([2, 3, 5, 6], low: -1, high: 1, rng: &rng)
        let fast = layer(x).scalars
        let reference = Self.circuitForm(layer, x)
        #expect(fast.count == 2 * 2 * 3 * 4)
        let worst = zip(fast, reference).map { abs($0 - $1) }.max()!
        #expect(worst < 1e-10, "largest difference \(worst)")
    }

    @Test func flippedQuanvolutionGradients() {
        let layer = FlippedQuanvolution<Double>(2, 3, seed: 5)
        var rng = RandomGenerator(seed: 6)
        let x = Tensor<Double>.uniform([2, 2, 4, 5], low: -1, high: 1, rng: &rng)
        let result = gradcheck([x], parameters: [layer.theta, layer.bias], tolerance: 1e-6) { v in layer(v[0]) }
        #expect(result.passed, "\(result)")
    }

    /// Complex coefficients: θ [O, C, 30] with b = 0 at the start, where the layer is the real
    /// one; with b ≠ 0 the kernel leaves the unit-norm family (ψ unnormalised) and gradients
    /// still match central differences.
    @Test func flippedQuanvolutionComplexCoefficients() {
        let real = FlippedQuanvolution<Double>(2, 3, seed: 5)
        let complex = FlippedQuanvolution<Double>(2, 3, coefficients: .complex, seed: 5)
        #expect(complex.theta.shape == [3, 2, 30] && complex.theta.value.scalars.enumerated().allSatisfy { $0.offset % 30 < 15 || $0.element == 0 })
        #expect(zip(real.kernel().value.scalars, complex.kernel().value.scalars).allSatisfy { abs($0 - $1) < 1e-12 })
        var rng = RandomGenerator(seed: 6)
        complex.theta.value = .uniform([3, 2, 30], low: -0.5, high: 0.5, rng: &rng)
        // the trace of a pair's kernel block is |ψ_0|² + |ψ_1|² + |ψ_2|² over C: not ≤ 1/C any more for some pair
        let k = complex.kernel().value.scalars
        var traces: [Double] = []
        for p in 0..<6 {
            let diagonal: Double = k[p * 9] + k[p * 9 + 4] + k[p * 9 + 8]
            traces.append(2 * diagonal)
        }
        #expect(traces.contains { $0 > 1 + 1e-6 }, "\(traces)")
        let x = Tensor<Double>.uniform([2, 2, 4, 5], low: -1, high: 1, rng: &rng)
        let result = gradcheck([x], parameters: [complex.theta, complex.bias], tolerance: 1e-6) { v in complex(v[0]) }
        #expect(result.passed, "\(result)")
    }

    /// |+⟩^⊗n, R × [exp(i·A/R), exp(i Σ θ_r P)], probabilities of |0⟩…|K−1⟩ plus bias, with
    /// A = (D + Dᵀ)/2 of the zero-padded sample: matrices built and exponentiated by hand.
    @Test func reUploadingLinearEqualsAMatrixSimulation() throws {
        let (n, r, k, f) = (2, 3, 3, 11)
        let layer = try DataReUploadingLinear<Double>(f, k, qubits: n, repetitions: r, seed: 9)
        var rng = RandomGenerator(seed: 10)
        let x = Tensor<Double>.uniform([2, f], low: -1, high: 1, rng: &rng)
        let y = layer(x).scalars
        let d = 1 << n, block = (1 << (2 * n)) - 1
        let theta = layer.circuit.weights.value.scalars
        for s in 0..<2 {
            let m = (0..<(d * d)).map { $0 < f ? x.scalars[s * f + $0] : 0 }
            let data = Self.exponential((0..<(d * d)).map { Complex(0, (m[$0] + m[($0 % d) * d + $0 / d]) / 2 / Double(r)) }, d)
            var psi = [Complex](repeating: Complex(1 / Double(d).squareRoot()), count: d)
            for rep in 0..<r {
                let v = Self.exponential(Self.generator(Array(theta[(rep * block)..<((rep + 1) * block)]), qubits: n), d)
                for u in [data, v] {
                    psi = (0..<d).map { i in (0..<d).reduce(Complex(0)) { $0 + u[i * d + $1] * psi[$1] } }
                }
            }
            for j in 0..<k {
                let want = psi[j].re * psi[j].re + psi[j].im * psi[j].im + layer.bias.value.scalars[j]
                #expect(abs(y[s * k + j] - want) < 1e-9, "sample \(s) output \(j): \(y[s * k + j]) vs \(want)")
            }
        }
    }

    @Test func outputScaleMultipliesTheProbabilities() throws {
        let plain = try DataReUploadingLinear<Double>(5, 3, qubits: 2, repetitions: 2, seed: 7)
        let scaled = try DataReUploadingLinear<Double>(5, 3, qubits: 2, repetitions: 2, outputScale: 4, seed: 7)
        var rng = RandomGenerator(seed: 8)
        let x = Tensor<Double>.uniform([2, 5], low: -1, high: 1, rng: &rng)
        let (a, b, bias) = (plain(x).scalars, scaled(x).scalars, plain.bias.value.scalars)
        for i in 0..<6 { #expect(abs((b[i] - bias[i % 3]) - 4 * (a[i] - bias[i % 3])) < 1e-12) }
    }

    @Test func reUploadingLinearGradients() throws {
        let layer = try DataReUploadingLinear<Double>(13, 3, qubits: 2, repetitions: 2, seed: 3)
        var rng = RandomGenerator(seed: 4)
        let x = Tensor<Double>.uniform([3, 13], low: -1, high: 1, rng: &rng)
        let result = gradcheck([x], parameters: [layer.circuit.weights, layer.bias], tolerance: 1e-6) { v in layer(v[0]) }
        #expect(result.passed, "\(result)")
        #expect(layer.namedParameters.map(\.name) == ["circuit.weights", "bias"])
    }

    /// Complex coefficients θ = a + i·b: [a, b] per block with b = 0 at the start, where the
    /// layer is the real one; with b ≠ 0 the outputs leave the simplex, and gradients still
    /// match central differences.
    @Test func complexCoefficients() throws {
        let real = try DataReUploadingLinear<Double>(13, 4, qubits: 2, repetitions: 2, seed: 3)
        let complex = try DataReUploadingLinear<Double>(13, 4, qubits: 2, repetitions: 2, coefficients: .complex, seed: 3)
        let w = complex.circuit.weights.value.scalars
        #expect(w.count == 60 && w[15..<30].allSatisfy { $0 == 0 } && w[45..<60].allSatisfy { $0 == 0 })
        let theta = real.circuit.weights.value.scalars
        let zeros = [Double](repeating: 0, count: 15)
        let padded: [Double] = Array(theta[0..<15]) + zeros + Array(theta[15..<30]) + zeros
        complex.circuit.weights.value = Tensor(shape: [60], scalars: padded)
        complex.bias.value = real.bias.value
        var rng = RandomGenerator(seed: 4)
        let x = Tensor<Double>.uniform([3, 13], low: -1, high: 1, rng: &rng)
        #expect(zip(real(x).scalars, complex(x).scalars).allSatisfy { abs($0 - $1) < 1e-10 })
        complex.circuit.weights.value = Tensor(shape: [60], scalars: (0..<60).map { _ in 0.3 * rng.nextNormal() })
        let (outputs, bias) = (complex(x).scalars, complex.bias.value.scalars)
        let total = (0..<4).map { outputs[$0] - bias[$0] }.reduce(0.0) { $0 + $1 }
        #expect(abs(total - 1) > 1e-3, "\(total)")
        let result = gradcheck([x], parameters: [complex.circuit.weights, complex.bias], tolerance: 1e-6) { v in complex(v[0]) }
        #expect(result.passed, "\(result)")
    }
}
