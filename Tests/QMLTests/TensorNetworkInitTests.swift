import Foundation
import XCTest
@testable import QML
import Tensor

/// tn-init's parts: the MPS Born machine's NLL gradient and normalisation, the staircase
/// decomposition (exact on bond-2 states, orthogonal gates with det +1, fidelity rising with
/// layers), the block circuit's identity start and adjoint gradient, gate compilation and the
/// bitstring sets.
final class TensorNetworkInitTests: XCTestCase {
    func testMPSGradientMatchesCentralDifferences() throws {
        let mps = try MPSBornMachine(sites: 4, bond: 3, seed: 1)
        let data: [(x: Int, weight: Double)] = [(0b0101, 0.5), (0b1010, 0.3), (0b1111, 0.2)]
        let (_, g) = mps.negativeLogLikelihood(data)
        for i in 0..<4 {
            for k in stride(from: 0, to: mps.tensors[i].count, by: 3) {
                var a = mps, b = mps
                a.tensors[i][k] += 1e-6
                b.tensors[i][k] -= 1e-6
                let numeric = (a.negativeLogLikelihood(data).value - b.negativeLogLikelihood(data).value) / 2e-6
                XCTAssertEqual(g[i][k], numeric, accuracy: 1e-6, "site \(i), entry \(k)")
            }
        }
    }

    func testMPSLearnsASmallDistributionExactly() throws {
        let q = try BornMachineLoss.distribution([0b000, 0b111, 0b111, 0b101], qubits: 3)
        var mps = try MPSBornMachine(sites: 3, bond: 2, seed: 2)
        let history = try mps.fit(q, steps: 400)
        XCTAssertLessThan(history.last!, history.first!)
        let psi = try mps.stateVector()
        XCTAssertEqual(psi.reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-12)
        XCTAssertLessThan(BornMachineLoss.kl(q, psi), 1e-3)
        XCTAssertThrowsError(try MPSBornMachine(sites: 3, bond: 0, seed: 0))
    }

    /// A state written by one random staircase has bond ≤ 2: one layer reproduces it exactly.
    func testDecompositionIsExactOnAStaircaseState() throws {
        let n = 6
        let circuit = try BlockCircuit.staircase(qubits: n, layers: 1)
        var rng = RandomGenerator(seed: 3)
        let target = circuit.state((0..<circuit.parameterCount).map { _ in rng.nextNormal() })
        let layers = try StaircaseDecomposition.layers(target, qubits: n, count: 1)
        XCTAssertEqual(layers[0].count, n - 1)
        for g in layers[0] {
            let gtg = StaircaseDecomposition.multiply((0..<16).map { g[($0 % 4) * 4 + $0 / 4] }, g, 4)
            for k in 0..<16 { XCTAssertEqual(gtg[k], k / 4 == k % 4 ? 1 : 0, accuracy: 1e-10) }
            XCTAssertEqual(StaircaseDecomposition.determinant4(g), 1, accuracy: 1e-10)
        }
        let psi = StaircaseDecomposition.state(layers, qubits: n)
        XCTAssertEqual(pow(zip(psi, target).reduce(0) { $0 + $1.0 * $1.1 }, 2), 1, accuracy: 1e-10)
    }

    func testMoreLayersRaiseTheFidelityOfARandomState() throws {
        let n = 7
        var rng = RandomGenerator(seed: 4)
        var target = (0..<(1 << n)).map { _ in rng.nextNormal() }
        let norm = target.reduce(0) { $0 + $1 * $1 }.squareRoot()
        target = target.map { $0 / norm }
        let fidelities = try [1, 3, 6].map { k -> Double in
            let psi = StaircaseDecomposition.state(try StaircaseDecomposition.layers(target, qubits: n, count: k), qubits: n)
            return pow(zip(psi, target).reduce(0) { $0 + $1.0 * $1.1 }, 2)
        }
        XCTAssertLessThan(fidelities[0], fidelities[1])
        XCTAssertLessThan(fidelities[1], fidelities[2])
    }

    func testBlockCircuitStartsAtTheIdentityAndItsGradientIsExact() throws {
        let circuit = try BlockCircuit(qubits: 4, pairs: [(0, 1), (2, 3), (1, 2), (3, 0)], blockLayers: 2)
        var rng = RandomGenerator(seed: 5)
        let start = (0..<16).map { _ in rng.nextNormal() }
        let norm = start.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let initial = start.map { $0 / norm }
        XCTAssertEqual(circuit.state([Double](repeating: 0, count: circuit.parameterCount), from: initial), initial)
        let q = try BornMachineLoss.distribution([1, 6, 6, 9, 15], qubits: 4)
        let angles = (0..<circuit.parameterCount).map { _ in rng.nextNormal() }
        let psi = circuit.state(angles)
        let g = circuit.gradient(angles, finalState: psi, dLdPsi: BornMachineLoss.klGradient(q, psi))
        for k in angles.indices {
            var a = angles, b = angles
            a[k] += 1e-6
            b[k] -= 1e-6
            let numeric = (BornMachineLoss.kl(q, circuit.state(a)) - BornMachineLoss.kl(q, circuit.state(b))) / 2e-6
            XCTAssertEqual(g[k], numeric, accuracy: 1e-5)
        }
        XCTAssertThrowsError(try BlockCircuit(qubits: 3, pairs: [(0, 3)]))
    }

    func testBlocksCompileAnOrthogonalGate() throws {
        let circuit = try BlockCircuit.staircase(qubits: 2, layers: 1)
        let g = StaircaseDecomposition.completed([[0.6, 0, 0, 0.8], [0, 0.6, -0.8, 0]], size: 4)
        let (angles, distance) = try circuit.blockAngles(approximating: g, seed: 6)
        XCTAssertLessThan(distance, 1e-3)
        XCTAssertEqual(angles.count, 8)
    }

    func testDistributionRefusesStringsOutsideTheQubits() {
        XCTAssertThrowsError(try BornMachineLoss.distribution([16], qubits: 4))
    }
}
