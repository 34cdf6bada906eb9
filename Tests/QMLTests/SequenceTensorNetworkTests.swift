import Foundation
import XCTest
@testable import QML
import Tensor

/// The protein tensor networks: orthogonal cells with exact angle gradients, trace-preserving
/// contraction, a one-step path by hand, gradients against central differences for every shape
/// and sharing, training on a toy task, and refusals.
final class SequenceTensorNetworkTests: XCTestCase {
    func testCellsAreOrthogonalAndTheirAngleGradientIsExact() {
        let cell = RealCell(qubits: 3, layers: 2)
        let angles = (0..<6).map { 0.3 * Double($0) - 0.7 }
        let u = cell.matrix(angles)
        let product = SequenceTensorNetwork.multiply(u, u, 8, transposeB: true)
        for i in 0..<8 {
            for j in 0..<8 { XCTAssertEqual(product[i * 8 + j], i == j ? 1 : 0, accuracy: 1e-12) }
        }
        // L = Σ W ⊙ U for a fixed W: ∂L/∂φ by central differences.
        let w = (0..<64).map { sin(Double($0)) }
        let g = cell.angleGradient(angles, w)
        for k in angles.indices {
            var a = angles, b = angles
            a[k] += 1e-6
            b[k] -= 1e-6
            let numeric = (zip(w, cell.matrix(a)).reduce(0) { $0 + $1.0 * $1.1 } - zip(w, cell.matrix(b)).reduce(0) { $0 + $1.0 * $1.1 }) / 2e-6
            XCTAssertEqual(g[k], numeric, accuracy: 1e-8)
        }
    }

    func testOneStepPathByHand() throws {
        // One hidden qubit, one layer: U = CNOT(0→1)·(RY(a) ⊗ RY(b)) on word (bit 0) and register (bit 1).
        var net = try SequenceTensorNetwork(shape: .path, vocabulary: 1, hiddenQubits: 1, layers: 1, window: 4, seed: 0)
        net.wordAngles = [0.9]
        net.cellAngles = [[0.4, 1.3]]
        // word RY(0.4)RY(0.9)|0⟩ = RY(1.3)|0⟩ → P(1) = sin²(0.65); register RY(1.3)|0⟩ → P(1) = sin²(0.65);
        // the CNOT flips the register when the word is 1: ⟨Z_reg⟩ = (1 − 2p)(1 − 2p).
        let p = pow(sin(0.65), 2)
        let tape = net.contract([0], unitaries: net.unitaries())
        XCTAssertEqual(tape.z, (1 - 2 * p) * (1 - 2 * p), accuracy: 1e-12)
        XCTAssertEqual(tape.register[0] + tape.register[3], 1, accuracy: 1e-12)
    }

    func shapes() throws -> [SequenceTensorNetwork] {
        [try SequenceTensorNetwork(shape: .path, vocabulary: 5, hiddenQubits: 2, layers: 2, window: 7, seed: 1),
         try SequenceTensorNetwork(shape: .path, sharing: .hierarchical(3), vocabulary: 5, hiddenQubits: 1, layers: 3, window: 6, seed: 2),
         try SequenceTensorNetwork(shape: .tree, vocabulary: 5, hiddenQubits: 1, layers: 2, window: 6, seed: 3),
         try SequenceTensorNetwork(shape: .tree, sharing: .hierarchical(3), vocabulary: 5, hiddenQubits: 2, layers: 1, window: 8, seed: 4)]
    }

    func testGradientsMatchCentralDifferences() throws {
        var rng = RandomGenerator(seed: 5)
        let sequences = (0..<4).map { i in (0..<(3 + 2 * i)).map { _ in Int(rng.next() % 5) } }
        let labels = [0, 1, 1, 0]
        for var net in try shapes() {
            net.scale = 1.7
            net.bias = -0.2
            let (_, g) = try net.loss(sequences, labels: labels, threads: 2)
            let x = net.parameters
            for k in x.indices {
                var a = net, b = net
                a.parameters[k] = x[k] + 1e-6
                b.parameters[k] = x[k] - 1e-6
                let numeric = (try a.loss(sequences, labels: labels).value - (try b.loss(sequences, labels: labels).value)) / 2e-6
                XCTAssertEqual(g[k], numeric, accuracy: 1e-7, "\(net.shape) \(net.sharing), parameter \(k)")
            }
        }
    }

    func testRegistersStayDensityMatrices() throws {
        for net in try shapes() {
            let tape = net.contract([0, 4, 2, 3, 1, 1], unitaries: net.unitaries())
            let d = net.registerDimension
            XCTAssertEqual((0..<d).reduce(0) { $0 + tape.register[$1 * d + $1] }, 1, accuracy: 1e-12)
            XCTAssertLessThanOrEqual(abs(tape.z), 1 + 1e-12)
        }
    }

    /// "Does token 0 occur?" — an absorbing register, which one shared cell can write.
    func testLearnsWhetherASequenceHoldsToken0() throws {
        var rng = RandomGenerator(seed: 8)
        let sequences = (0..<200).map { _ in (0..<3).map { _ in Int(rng.next() % 4) } }
        let labels = sequences.map { $0.contains(0) ? 1 : 0 }
        var net = try SequenceTensorNetwork(shape: .path, vocabulary: 4, hiddenQubits: 1, layers: 2, window: 3, seed: 9)
        let losses = try net.fit(sequences, labels: labels, epochs: 25, batchSize: 20, learningRate: 0.05, seed: 10)
        XCTAssertLessThan(losses.last!, losses.first!)
        let accuracy = zip(try net.predict(sequences), labels).filter { $0 == $1 }.count
        XCTAssertGreaterThan(accuracy, 180)
    }

    func testRefusals() throws {
        let net = try SequenceTensorNetwork(shape: .tree, vocabulary: 3, hiddenQubits: 1, layers: 1, window: 4, seed: 0)
        XCTAssertThrowsError(try net.predict([[]]))
        XCTAssertThrowsError(try net.predict([[0, 3]]))
        XCTAssertThrowsError(try net.loss([[0]], labels: [2]))
        XCTAssertThrowsError(try SequenceTensorNetwork(shape: .tree, sharing: .hierarchical(3), vocabulary: 3, hiddenQubits: 1, layers: 1, window: 4, seed: 0))
        XCTAssertThrowsError(try SequenceTensorNetwork(shape: .path, vocabulary: 3, hiddenQubits: 0, layers: 1, window: 4, seed: 0))
    }
}
