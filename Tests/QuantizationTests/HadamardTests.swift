import Testing
@testable import Quantization
import Tensor

/// Hadamard matrices by Sylvester, Paley I and Paley II: H Hᵀ = n I exactly; random rotations
/// orthogonal, with and without a Hadamard matrix of their size.
struct HadamardTests {
    func gram(_ h: [Float], _ n: Int) -> [Float] {
        (0..<n * n).map { ij in (0..<n).reduce(Float(0)) { $0 + h[ij / n * n + $1] * h[ij % n * n + $1] } }
    }

    @Test(arguments: [1, 2, 4, 12, 20, 36, 64, 72, 576])
    func rowsAreOrthogonal(order n: Int) throws {
        let h = try #require(Hadamard.matrix(order: n))
        #expect(h.allSatisfy { $0 == 1 || $0 == -1 })
        let g = gram(h, n)
        #expect((0..<n * n).allSatisfy { g[$0] == ($0 / n == $0 % n ? Float(n) : 0) })
    }

    @Test func ordersWithoutAConstruction() {
        #expect(Hadamard.matrix(order: 3) == nil)
        #expect(Hadamard.matrix(order: 92) == nil)
        // 12 = 11 + 1 (Paley I); 36 = 2 · (17 + 1) (Paley II).
        #expect(Hadamard.core(order: 12) != nil && Hadamard.core(order: 36) != nil)
    }

    @Test(arguments: [64, 576, 50])
    func randomRotationsAreOrthogonal(size n: Int) {
        var rng = RandomGenerator(seed: 3)
        let q = Hadamard.randomRotation(size: n, rng: &rng)
        let g = gram(q, n)
        #expect((0..<n * n).allSatisfy { abs(g[$0] - ($0 / n == $0 % n ? 1 : 0)) < 1e-5 })
    }
}
