import Foundation
import Testing
@testable import QuantumSim
import Tensor

/// `DensityMatrix` and `KrausChannel`: pure evolution against the state vector, each channel
/// against its closed form, trace and Hermiticity, expectations with Y, sampling, bad input.
@Suite struct DensityMatrixTests {
    static func close(_ a: Double, _ b: Double, _ tol: Double = 1e-12, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(abs(a - b) <= tol, "\(a) vs \(b)", sourceLocation: sourceLocation)
    }

    static func prepared(_ gates: [BoundGate], qubits n: Int) throws -> DensityMatrix<Double> {
        var rho = try DensityMatrix<Double>(qubits: n)
        for g in gates { rho.apply(g) }
        return rho
    }

    static let plus = BoundGate(targets: [0], matrix: Gate.h.matrix([]))
    static let flip = BoundGate(targets: [0], matrix: Gate.x.matrix([]))
    static let x = PauliString([(0, "X")]), y = PauliString([(0, "Y")]), z = PauliString([(0, "Z")])

    @Test func unitaryCircuitsEqualTheProjectorOfTheStateVector() throws {
        var rng = RandomGenerator(seed: 11)
        var psi = try StateVector<Double>(qubits: 3)
        var rho = try DensityMatrix<Double>(qubits: 3)
        let kinds: [(Gate, Int)] = [(.rx, 1), (.ry, 1), (.u3, 3), (.rzz, 1), (.h, 0)]
        for step in 0..<30 {
            let (gate, count) = kinds[step % kinds.count]
            let angles = (0..<count).map { _ in 2 * Double.pi * rng.nextUnit() }
            let q = step % 3
            let targets = gate == .rzz ? [q, (q + 1) % 3] : [q]
            let controls = step % 4 == 0 && gate != .rzz ? [(q + 2) % 3] : []
            let bound = BoundGate(targets: targets, controls: controls, matrix: gate.matrix(angles))
            psi.apply(bound)
            rho.apply(bound)
        }
        let expected = try DensityMatrix<Double>(pure: psi)
        for i in 0..<8 {
            for j in 0..<8 {
                let (a, b) = (rho[row: i, column: j], expected[row: i, column: j])
                Self.close(a.re, b.re)
                Self.close(a.im, b.im)
            }
        }
        for p in [Self.x, Self.y, PauliString([(0, "Y"), (2, "X")]), PauliString([(1, "Z"), (2, "Y")])] {
            Self.close(rho.expectation(p), psi.expectation(PauliSum([(1, p)])), 1e-12)
        }
    }

    @Test func oneQubitChannelsByHand() throws {
        let p = 0.3
        var rho = try Self.prepared([], qubits: 1)
        rho.apply(try .depolarizing(p), on: [0])
        Self.close(rho.expectation(Self.z), 1 - p)
        Self.close(rho.probabilities()[1], p / 2)
        rho = try Self.prepared([Self.plus], qubits: 1)
        rho.apply(try .depolarizing(p), on: [0])
        Self.close(rho.expectation(Self.x), 1 - p)

        rho = try Self.prepared([Self.flip], qubits: 1)
        rho.apply(try .amplitudeDamping(0.25), on: [0])
        Self.close(rho.probabilities()[0], 0.25)
        rho = try Self.prepared([Self.plus], qubits: 1)
        rho.apply(try .amplitudeDamping(0.25), on: [0])
        Self.close(rho.expectation(Self.x), 0.75.squareRoot())
        Self.close(rho.expectation(Self.z), 0.25)

        rho = try Self.prepared([Self.plus], qubits: 1)
        rho.apply(try .phaseDamping(0.36), on: [0])
        Self.close(rho.expectation(Self.x), 0.8)
        Self.close(rho.probabilities()[0], 0.5)

        rho = try Self.prepared([Self.plus], qubits: 1)
        rho.apply(try .bitFlip(0.2), on: [0])
        Self.close(rho.expectation(Self.x), 1)
        rho.apply(try .phaseFlip(0.2), on: [0])
        Self.close(rho.expectation(Self.x), 0.6)
    }

    @Test func thermalRelaxationFollowsT1AndT2() throws {
        let (t1, t2, time) = (50.0, 30.0, 7.0)
        var rho = try Self.prepared([Self.flip], qubits: 1)
        rho.apply(try .thermalRelaxation(t1: t1, t2: t2, time: time), on: [0])
        Self.close(rho.probabilities()[1], exp(-time / t1))
        rho = try Self.prepared([Self.plus], qubits: 1)
        rho.apply(try .thermalRelaxation(t1: t1, t2: t2, time: time), on: [0])
        Self.close(rho.expectation(Self.x), exp(-time / t2))
    }

    @Test func twoQubitDepolarizingOnABellPairAndOnOneQubitOfIt() throws {
        let cnot = BoundGate(targets: [1], controls: [0], matrix: Gate.x.matrix([]))
        var rho = try Self.prepared([Self.plus, cnot], qubits: 2)
        rho.apply(try .depolarizing(0.2, qubits: 2), on: [1, 0])
        let zz = PauliString([(0, "Z"), (1, "Z")]), xx = PauliString([(0, "X"), (1, "X")])
        Self.close(rho.expectation(zz), 0.8)
        Self.close(rho.expectation(xx), 0.8)
        Self.close(rho.trace, 1)
        rho = try Self.prepared([Self.plus, cnot], qubits: 2)
        rho.apply(try .amplitudeDamping(0.5), on: [1])
        Self.close(rho.probabilities()[1], 0.25)
        Self.close(rho.expectation(xx), 0.5.squareRoot())
        for i in 0..<4 {
            for j in 0..<4 {
                Self.close(rho[row: i, column: j].re, rho[row: j, column: i].re)
                Self.close(rho[row: i, column: j].im, -rho[row: j, column: i].im)
            }
        }
    }

    @Test func samplingFollowsTheDiagonal() throws {
        var rho = try Self.prepared([Self.plus], qubits: 2)
        rho.apply(try .amplitudeDamping(0.5), on: [0])
        let shots = rho.sample(shots: 20_000, seed: 4)
        #expect(rho.sample(shots: 100, seed: 4) == Array(shots.prefix(100)))
        let ones = Double(shots.filter { $0 == 1 }.count) / 20_000
        #expect(abs(ones - 0.25) < 4 * (0.25 * 0.75 / 20_000).squareRoot())
        #expect(shots.allSatisfy { $0 < 2 })
    }

    @Test func badChannelsAreRefused() {
        #expect(throws: QuantumSimError.self) { try KrausChannel.depolarizing(1.4) }
        #expect(throws: QuantumSimError.self) { try KrausChannel.depolarizing(0.1, qubits: 3) }
        #expect(throws: QuantumSimError.self) { try KrausChannel.amplitudeDamping(-0.1) }
        #expect(throws: QuantumSimError.self) { try KrausChannel.phaseFlip(.nan) }
        #expect(throws: QuantumSimError.self) { try KrausChannel.thermalRelaxation(t1: 10, t2: 30, time: 1) }
        #expect(throws: QuantumSimError.self) { try KrausChannel(arity: 1, operators: [[.one, .zero, .zero, .zero]]) }
        #expect(throws: QuantumSimError.self) { try DensityMatrix<Double>(qubits: 31) }
    }
}
