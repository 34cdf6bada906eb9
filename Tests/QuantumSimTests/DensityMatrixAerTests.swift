import Foundation
import Testing
@testable import QuantumSim

/// 200 seeded random noisy circuits (1–8 qubits, every channel kind, noise models in Quanta's
/// JSON format) against Qiskit Aer's density_matrix method; reference entries made offline by
/// AerReference/make_reference.py (qiskit 2.6.2, qiskit-aer 0.18.2).
@Suite struct DensityMatrixAerTests {
    struct Case: Decodable {
        struct Op: Decodable {
            let gate: String
            let qubits: [Int]
            let params: [Double]
        }
        let qubits: Int
        let ops: [Op]
        let noise: NoiseModel
        let entries: [[Double]]
    }

    static func cases() throws -> [Case] {
        struct File: Decodable { let cases: [Case] }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("AerReference/noisy-circuits.json")
        return try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
    }

    static func circuit(_ c: Case) -> Circuit {
        var circuit = Circuit(qubits: c.qubits)
        for op in c.ops {
            let (q, a) = (op.qubits, op.params.map { Parameter.constant($0) })
            switch op.gate {
            case "h": circuit.h(q[0])
            case "x": circuit.x(q[0])
            case "sx": circuit.sx(q[0])
            case "rx": circuit.rx(a[0], q[0])
            case "ry": circuit.ry(a[0], q[0])
            case "rz": circuit.rz(a[0], q[0])
            case "u3": circuit.u3(a[0], a[1], a[2], q[0])
            case "cx": circuit.cx(q[0], q[1])
            case "cz": circuit.cz(q[0], q[1])
            case "rzz": circuit.rzz(a[0], q[0], q[1])
            case "swap": circuit.swap(q[0], q[1])
            default: Issue.record("unknown gate \(op.gate)")
            }
        }
        return circuit
    }

    @Test func densityMatricesEqualAer() throws {
        let cases = try Self.cases()
        #expect(cases.count == 200 && Set(cases.map(\.qubits)) == Set(1...8))
        let kinds = Set(cases.flatMap { c in (c.noise.defaultChannels + c.noise.gates.values.flatMap { $0 }).map(\.channel) })
        #expect(kinds.count == 6)
        var worst = 0.0, worstSingle = 0.0
        for c in cases {
            let rho = try DensityMatrix<Double>.run(Self.circuit(c), noise: c.noise)
            let single = try DensityMatrix<Float>.run(Self.circuit(c), noise: c.noise)
            for e in c.entries {
                let (i, j) = (Int(e[0]), Int(e[1]))
                let (a, b) = (rho[row: i, column: j], single[row: i, column: j])
                worst = max(worst, abs(a.re - e[2]), abs(a.im - e[3]))
                worstSingle = max(worstSingle, abs(b.re - e[2]), abs(b.im - e[3]))
            }
        }
        #expect(worst <= 1e-10, "max |Δρ| \(worst) in complex128")
        #expect(worstSingle <= 1e-5, "max |Δρ| \(worstSingle) in complex64")
    }
}

/// Trajectory averages against the exact density matrix on the same noisy circuits.
@Suite struct TrajectoryTests {
    @Test func averagesLieWithinThreeStandardErrorsOfTheDensityMatrix() throws {
        let cases = try DensityMatrixAerTests.cases().filter { (2...6).contains($0.qubits) }.prefix(12)
        for c in cases {
            let circuit = DensityMatrixAerTests.circuit(c)
            let n = c.qubits
            let h = PauliSum([(1, PauliString([(0, "Z")])), (0.5, PauliString([(0, "X"), (1, "X")])), (0.7, PauliString([(n - 1, "Y")]))])
            let exact = try DensityMatrix<Double>.run(circuit, noise: c.noise).expectation(h)
            let (mean, error) = try Trajectories.expectation(h, circuit, noise: c.noise, count: 400, seed: 9)
            #expect(abs(mean - exact) <= 3 * error + 1e-12, "\(n) qubits: \(mean) ± \(error) vs \(exact)")
        }
    }

    @Test func withoutNoiseATrajectoryIsTheStateVector() throws {
        let c = try DensityMatrixAerTests.cases()[13]
        let circuit = DensityMatrixAerTests.circuit(c)
        let psi = try Trajectories.run(Double.self, circuit, noise: try NoiseModel(), seed: 1)
        var reference = try StateVector<Double>(qubits: c.qubits)
        for op in circuit.instructions { reference.apply(op, values: op.parameters.map(\.offset)) }
        #expect(abs(psi.inner(reference).magnitude - 1) < 1e-12)
    }
}
