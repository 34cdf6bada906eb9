import Foundation
import Testing
@testable import QuantumSim
import Tensor

/// Model Hamiltonians and exact diagonalisation: hand values, LAPACK against Lanczos, and
/// ground energies of 12- and 14-qubit chains computed offline with SciPy's `eigsh`.
@Suite struct HamiltonianTests {
    @Test func groundEnergiesByHand() throws {
        let triangle = try Hamiltonians.maxCut([(0, 1, 1), (1, 2, 1), (0, 2, 1)])
        #expect(abs(try ExactDiagonalization.groundEnergy(triangle, qubits: 3) + 2) < 1e-12)
        let square = try Hamiltonians.maxCut([(0, 1, 1), (1, 2, 1), (2, 3, 1), (3, 0, 1), (0, 2, 0.5)])
        #expect(abs(try ExactDiagonalization.groundEnergy(square, qubits: 4) + 4) < 1e-12)
        let ising = try Hamiltonians.transverseIsing(sites: 2, field: 1)
        #expect(abs(try ExactDiagonalization.groundEnergy(ising, qubits: 2) + 5.0.squareRoot()) < 1e-12)
        let singlet = try Hamiltonians.heisenberg(sites: 2)
        #expect(abs(try ExactDiagonalization.groundEnergy(singlet, qubits: 2) + 3) < 1e-12)
    }

    @Test func theActionMatchesTheStateVectorsExpectation() throws {
        var rng = RandomGenerator(seed: 5)
        let psi = StateVector<Double>.random(qubits: 4, rng: &rng)
        let h = try Hamiltonians.heisenberg(sites: 4, anisotropy: 0.3, periodic: true) + 0.4 * (try Hamiltonians.transverseIsing(sites: 4, field: 0.8))
        let v = (0..<16).map { psi[$0] }
        let hv = h.applied(to: v)
        let energy = zip(v, hv).reduce(Complex.zero) { $0 + $1.0.conjugate * $1.1 }
        #expect(abs(energy.re - psi.expectation(h)) < 1e-12 && abs(energy.im) < 1e-12)
    }

    @Test func lanczosAgreesWithLAPACKAndWithSciPy() throws {
        let ten = try Hamiltonians.transverseIsing(sites: 10, field: 0.9, periodic: true)
        let dense = try ExactDiagonalization.groundEnergy(ten, qubits: 10)
        #expect(abs(try ExactDiagonalization.lanczos(ten, qubits: 10, seed: 1) - dense) < 1e-9)
        let reference: [(PauliSum, Int, Double)] = [
            (try Hamiltonians.transverseIsing(sites: 12, field: 0.7), 12, -12.792616029835788),
            (try Hamiltonians.heisenberg(sites: 12, anisotropy: 0.5, periodic: true), 12, -18.229089763321557),
            (try Hamiltonians.transverseIsing(sites: 14, field: 1, periodic: true), 14, -17.862808540761037),
        ]
        for (h, n, e) in reference {
            #expect(abs(try ExactDiagonalization.groundEnergy(h, qubits: n) - e) < 1e-8)
        }
    }

    @Test func badInputIsRefused() {
        #expect(throws: QuantumSimError.self) { try Hamiltonians.maxCut([(1, 1, 1)]) }
        #expect(throws: QuantumSimError.self) { try Hamiltonians.transverseIsing(sites: 1, field: 1) }
        #expect(throws: QuantumSimError.self) { try ExactDiagonalization.groundEnergy(.sumZ(3), qubits: 15) }
        #expect(throws: QuantumSimError.self) { try ExactDiagonalization.groundEnergy(.sumZ(3), qubits: 2) }
    }
}
