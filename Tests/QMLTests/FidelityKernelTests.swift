import Foundation
import XCTest
@testable import QML
import QuantumSim

final class FidelityKernelTests: XCTestCase {
    func testTheRXProductMapHasTheClosedForm() throws {
        // RX(x_i) on each qubit: k(x, y) = Π cos²((x_i − y_i)/2).
        let kernel = try FidelityKernel(Encoders.angle(features: 3, axis: .x))
        let a = [0.1, 0.7, -1.2, 2.0, 0.3, 0.0]
        let b = [0.4, -0.2, 0.9]
        let k = try kernel.matrix(a, b)
        XCTAssertEqual(k.count, 2)
        for i in 0..<2 {
            let expected = (0..<3).reduce(1.0) { $0 * pow(cos((a[i * 3 + $1] - b[$1]) / 2), 2) }
            XCTAssertEqual(k[i], expected, accuracy: 1e-12)
        }
    }

    func testAnEntanglingMapMatchesDirectOverlaps() throws {
        var encoding = Encoders.angle(features: 4, axis: .x)
        for q in 0..<4 { encoding.cx(q, (q + 1) % 4) }
        for q in 0..<4 { encoding.rz(Parameter.input(q), q) }
        let kernel = try FidelityKernel(encoding)
        let x = (0..<20).map { sin(Double($0) * 1.3) * 2 }
        let gram = try kernel.gram(x)
        let program = QuantumProgram(encoding)
        let states = try (0..<5).map { try program.state(inputs: Array(x[($0 * 4)..<($0 * 4 + 4)])).amplitudes }
        for i in 0..<5 {
            XCTAssertEqual(gram[i * 5 + i], 1, accuracy: 1e-12)
            for j in 0..<5 {
                let overlap = zip(states[i], states[j]).reduce(Complex.zero) { $0 + $1.0.conjugate * $1.1 }
                XCTAssertEqual(gram[i * 5 + j], overlap.magnitudeSquared, accuracy: 1e-12)
                XCTAssertEqual(gram[i * 5 + j], gram[j * 5 + i], accuracy: 1e-12)
            }
        }
        XCTAssertThrowsError(try FidelityKernel(Templates.basicEntangler(qubits: 2, layers: 1)))
        XCTAssertThrowsError(try kernel.matrix([1, 2, 3], x))
    }
}

final class QuantumFeatureMapTests: XCTestCase {
    func testRXMagnitudesAreProductsOfCosinesAndSines() throws {
        // RX(x) |0⟩ = cos(x/2)|0⟩ − i sin(x/2)|1⟩; qubit 0 is the lowest bit of the index.
        let map = try QuantumFeatureMap(Encoders.angle(features: 2, axis: .x))
        let x = [0.4, -1.1, 2.5, 0.0]
        let m = try map.magnitudes(x)
        XCTAssertEqual(m.count, 8)
        for r in 0..<2 {
            for b in 0..<4 {
                let q0 = b & 1 == 0 ? abs(cos(x[2 * r] / 2)) : abs(sin(x[2 * r] / 2))
                let q1 = b & 2 == 0 ? abs(cos(x[2 * r + 1] / 2)) : abs(sin(x[2 * r + 1] / 2))
                XCTAssertEqual(m[r * 4 + b], q0 * q1, accuracy: 1e-12)
            }
        }
    }

    func testStatesGiveTheSameKernelAsRows() throws {
        let kernel = try FidelityKernel(Encoders.angle(features: 3, axis: .x))
        let a = (0..<12).map { cos(Double($0)) }
        let b = (0..<6).map { sin(Double($0)) }
        let fromStates = kernel.matrix(states: try kernel.map.states(a), try kernel.map.states(b))
        XCTAssertEqual(fromStates, try kernel.matrix(a, b))
    }

    func testRefusesWeightsAndPartialRows() throws {
        var trainable = Encoders.angle(features: 2, axis: .x)
        trainable.ry(Parameter.weight(0), 0)
        XCTAssertThrowsError(try QuantumFeatureMap(trainable))
        XCTAssertThrowsError(try QuantumFeatureMap(Encoders.angle(features: 2)).states([1, 2, 3]))
    }
}
