import Foundation
import XCTest
@testable import QML
import NeuralNetworks
import QuantumSim
import Tensor

final class VariationalEigensolverTests: XCTestCase {
    func testMoleculeTablesHaveTheGeneratorsExactEnergies() throws {
        XCTAssertEqual(Molecule.h2.hamiltonian.terms.count, 15)
        XCTAssertEqual(Molecule.lih.hamiltonian.terms.count, 276)
        for m in [Molecule.h2, .lih] {
            XCTAssertEqual(try ExactDiagonalization.groundEnergy(m.hamiltonian, qubits: m.qubits), m.exactEnergy, accuracy: 1e-9, m.name)
            let hf = try QuantumProgram(m.hartreeFockCircuit).expectation(observable: .pauli(m.hamiltonian))
            XCTAssertEqual(hf, m.hartreeFockEnergy, accuracy: 1e-9, m.name)
        }
    }

    func h2Ansatz() -> Circuit {
        Molecule.h2.hartreeFockCircuit + Templates.realAmplitudes(qubits: 4, reps: 2)
    }

    func testTheDoubleExcitationReachesTheExactH2GroundStateFromHartreeFock() throws {
        let ansatz = Molecule.h2.hartreeFockCircuit + Templates.doubleExcitation(qubits: 4, 0, 1, 2, 3)
        let estimator = try EnergyEstimator(ansatz: ansatz, hamiltonian: Molecule.h2.hamiltonian)
        let result = try VariationalEigensolver(estimator: estimator, minimizer: Rotosolve(maxSweeps: 3)).run(from: [0])
        XCTAssertEqual(result.energy, Molecule.h2.exactEnergy, accuracy: 1e-9)
        // Only |1100⟩ and |0011⟩ (qubits 0, 1 or 2, 3 occupied) carry amplitude.
        let state = try QuantumProgram(ansatz).state(weights: result.weights).amplitudes
        let carried = state.indices.filter { state[$0].magnitude > 1e-9 }
        XCTAssertEqual(carried, [0b0011, 0b1100])
    }

    func testVQEReachesTheH2GroundEnergyWithCOBYLA() throws {
        // Hardware-efficient real amplitudes from a seeded small start (zero angles are a saddle at Hartree–Fock).
        let estimator = try EnergyEstimator(ansatz: h2Ansatz(), hamiltonian: Molecule.h2.hamiltonian)
        let vqe = VariationalEigensolver(estimator: estimator, minimizer: NLoptMinimizer(.cobyla, maxEvaluations: 2000, initialStep: 0.3))
        var rng = RandomGenerator(seed: 3)
        let result = try vqe.run(from: (0..<estimator.weightCount).map { _ in 0.5 * rng.nextNormal() })
        XCTAssertEqual(result.energy, Molecule.h2.exactEnergy, accuracy: 1.6e-3)
        XCTAssertEqual(result.energy, result.noiselessEnergy)
        XCTAssertEqual(result.history.count, result.evaluations)
    }

    func testQNGMetricOfRotationsByHandAndQNGDescends() throws {
        var c = Circuit(qubits: 1)
        c.ry(.weight(0), 0)
        c.rz(.weight(1), 0)
        let theta = 0.7
        let g = try QuantumProgram(c).fubiniStudyMetric(weights: [theta, 0.3], approximation: .full)
        XCTAssertEqual(g[0], 0.25, accuracy: 1e-7)
        XCTAssertEqual(g[1], 0, accuracy: 1e-7)
        XCTAssertEqual(g[3], 0.25 * sin(theta) * sin(theta), accuracy: 1e-7)
        XCTAssertEqual(c.weightLayers(weightCount: 2), [0, 1])
        // On the double excitation the metric is 1/4·(1 − ⟨G⟩²) = 1/4: QNG steps 4× the plain gradient.
        let ansatz = Molecule.h2.hartreeFockCircuit + Templates.doubleExcitation(qubits: 4, 0, 1, 2, 3)
        let estimator = try EnergyEstimator(ansatz: ansatz, hamiltonian: Molecule.h2.hamiltonian)
        let qng = try QuantumNaturalGradient(ansatz: ansatz, iterations: 30, learningRate: 0.5).minimize(estimator.objective, from: [0])
        XCTAssertEqual(qng.value, Molecule.h2.exactEnergy, accuracy: 1e-6)
        XCTAssertEqual(qng.iterations, 30)
    }

    func testQAOAOnATenNodeGraph() throws {
        // A 3-regular graph on 10 vertices (the Petersen graph): largest cut 12.
        let outer = (0..<5).map { ($0, ($0 + 1) % 5, 1.0) }
        let spokes = (0..<5).map { ($0, $0 + 5, 1.0) }
        let inner = (0..<5).map { ($0 + 5, ($0 + 2) % 5 + 5, 1.0) }
        let cost = try Hamiltonians.maxCut(outer + spokes + inner)
        let exact = try ExactDiagonalization.groundEnergy(cost, qubits: 10)
        XCTAssertEqual(exact, -12, accuracy: 1e-9)
        let estimator = try EnergyEstimator(ansatz: try QAOA.circuit(cost: cost, qubits: 10, layers: 2), hamiltonian: cost)
        let result = try VariationalEigensolver(estimator: estimator, minimizer: NLoptMinimizer(.cobyla, maxEvaluations: 300, initialStep: 0.2))
            .run(from: QAOA.rampStart(layers: 2))
        let ratio = QAOA.approximationRatio(energy: result.energy, groundEnergy: exact)
        XCTAssertGreaterThan(ratio, 0.75)   // p = 1 guarantees 0.6924 on 3-regular graphs
        XCTAssertLessThan(ratio, 1)
    }

    func testShotAndNoisyEstimatesAgreeWithExactOnes() throws {
        let ansatz = h2Ansatz()
        let w = (0..<12).map { 0.2 * Double($0) - 1 }
        let exact = try EnergyEstimator(ansatz: ansatz, hamiltonian: Molecule.h2.hamiltonian).energy(w)
        let shots = try EnergyEstimator(ansatz: ansatz, hamiltonian: Molecule.h2.hamiltonian, mode: .shots(1000), seed: 4)
        let mean = try (0..<200).map { _ in try shots.energy(w) }.reduce(0, +) / 200
        // Σ|c| over the 14 non-identity terms bounds the standard deviation of one estimate by Σ|c|/√shots.
        let bound = Molecule.h2.hamiltonian.terms.dropFirst().reduce(0) { $0 + abs($1.coefficient) } / (1000.0 * 200).squareRoot()
        XCTAssertEqual(mean, exact, accuracy: 3 * bound)
        let silent = try EnergyEstimator(ansatz: ansatz, hamiltonian: Molecule.h2.hamiltonian, mode: .noisy(.depolarizing(0), shots: nil))
        XCTAssertEqual(try silent.energy(w), exact, accuracy: 1e-12)
        XCTAssertThrowsError(try EnergyEstimator(ansatz: ansatz, hamiltonian: Molecule.h2.hamiltonian,
                                                 mitigation: ZeroNoiseExtrapolation(extrapolator: .linear)))
        XCTAssertThrowsError(try EnergyEstimator(ansatz: Templates.realAmplitudes(qubits: 2, reps: 1), hamiltonian: Molecule.h2.hamiltonian))
    }

    func testFoldingKeepsTheUnitaryAndScalesTheGateCount() throws {
        let c = Templates.efficientSU2(qubits: 3, reps: 2)
        let w = (0..<c.weightCount).map { 0.3 * Double($0) }
        let reference = try QuantumProgram(c).state(weights: w).amplitudes
        let d = c.instructions.count
        for scale in [1.0, 2.0, 3.0, 3.5, 5.0] {
            for folded in [try UnitaryFolding.global(c, scale: scale), try UnitaryFolding.local(c, scale: scale)] {
                let state = try QuantumProgram(folded).state(weights: w).amplitudes
                for (a, b) in zip(state, reference) { XCTAssertEqual((a - b).magnitude, 0, accuracy: 1e-12) }
                XCTAssertEqual(Double(folded.instructions.count) / Double(d), scale, accuracy: 2.0 / Double(d))
            }
        }
        XCTAssertThrowsError(try UnitaryFolding.global(c, scale: 0.5))
    }

    func testZeroNoiseExtrapolationMovesTowardsTheNoiselessEnergy() throws {
        let ansatz = h2Ansatz()
        let w = (0..<12).map { 0.2 * Double($0) - 1 }
        let h = Molecule.h2.hamiltonian
        let exact = try EnergyEstimator(ansatz: ansatz, hamiltonian: h).energy(w)
        let noise = try NoiseModel.depolarizing(0.002)
        let raw = try EnergyEstimator(ansatz: ansatz, hamiltonian: h, mode: .noisy(noise, shots: nil)).energy(w)
        for (scaling, extrapolator) in [(ZeroNoiseExtrapolation.Scaling.noise, Extrapolator.richardson), (.global, .linear),
                                        (.local, .exponential)] {
            let zne = ZeroNoiseExtrapolation(extrapolator: extrapolator, scaling: scaling)
            let mitigated = try EnergyEstimator(ansatz: ansatz, hamiltonian: h, mode: .noisy(noise, shots: nil), mitigation: zne).energy(w)
            XCTAssertLessThan(abs(mitigated - exact), abs(raw - exact) / 3, "\(scaling) \(extrapolator.name)")
        }
    }

    func testExtrapolatorsOnKnownCurves() throws {
        let x = [1.0, 2, 3]
        XCTAssertEqual(try Extrapolator.richardson.zeroNoiseValue(levels: x, values: x.map { 2 - 0.5 * $0 + 0.1 * $0 * $0 }), 2, accuracy: 1e-12)
        XCTAssertEqual(try Extrapolator.linear.zeroNoiseValue(levels: x, values: x.map { 1 + 3 * $0 }), 1, accuracy: 1e-12)
        XCTAssertEqual(try Extrapolator.polynomial(order: 2).zeroNoiseValue(levels: x + [4], values: (x + [4]).map { $0 * $0 - 1 }),
                       -1, accuracy: 1e-10)
        let levels = [0.01, 0.02, 0.03, 0.05, 0.08]
        let decay = levels.map { -0.2 - 0.8 * exp(-4 * $0) }
        XCTAssertEqual(try Extrapolator.exponential.zeroNoiseValue(levels: levels, values: decay), -1, accuracy: 1e-6)
        let nn = try Extrapolator.neuralNetwork(members: 3, seed: 1).zeroNoiseValue(levels: levels, values: decay)
        XCTAssertEqual(nn, -1, accuracy: 0.05)
        XCTAssertThrowsError(try Extrapolator.exponential.zeroNoiseValue(levels: [1, 2], values: [0, 1]))
    }
}
