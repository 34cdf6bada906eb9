import Foundation
import Testing
@testable import QuantumSim

/// Noise models: the file format, which channels follow which gate, noisy runs by hand, readout.
@Suite struct NoiseModelTests {
    static let json = """
        {"default": [{"channel": "depolarizing", "p": 0.01}],
         "gates": {"cx": [{"channel": "depolarizing", "p": 0.1}, {"channel": "amplitude_damping", "gamma": 0.2}],
                   "h": []},
         "readout": {"p1given0": 0.02, "p0given1": 0.05}}
        """

    static func model(_ text: String) throws -> NoiseModel {
        try JSONDecoder().decode(NoiseModel.self, from: Data(text.utf8))
    }

    @Test func channelsFollowTheirGates() throws {
        let noise = try Self.model(Self.json)
        var c = Circuit(qubits: 3)
        c.h(0)
        c.cx(0, 2)
        c.rx(.constant(0.3), 1)
        let after = try c.instructions.map { try noise.channels(after: $0) }
        #expect(after[0].isEmpty)
        #expect(after[1].map(\.1) == [[0, 2], [0], [2]])
        let (two, damping, one) = (try KrausChannel.depolarizing(0.1, qubits: 2), try KrausChannel.amplitudeDamping(0.2),
                                   try KrausChannel.depolarizing(0.01))
        #expect(after[1][0].0 == two)
        #expect(after[1][1].0 == damping)
        #expect(after[2].map(\.1) == [[1]] && after[2][0].0 == one)
        #expect(noise.readout == NoiseModel.Readout(p1given0: 0.02, p0given1: 0.05))
    }

    @Test func noisyBellPairByHand() throws {
        let noise = try NoiseModel(gates: ["cx": [NoiseModel.Channel(channel: "depolarizing", p: 0.2)]])
        var c = Circuit(qubits: 2)
        c.h(0)
        c.cx(0, 1)
        let rho = try DensityMatrix<Double>.run(c, noise: noise)
        #expect(abs(rho.expectation(PauliString([(0, "Z"), (1, "Z")])) - 0.8) < 1e-12)
        #expect(abs(rho.trace - 1) < 1e-12)
        let p = rho.probabilities()
        #expect(abs(p[0] - 0.45) < 1e-12 && abs(p[1] - 0.05) < 1e-12)
    }

    @Test func readoutErrorFlipsEachBit() {
        let readout = NoiseModel.Readout(p1given0: 0.1, p0given1: 0.2)
        let p = readout.apply(to: [1, 0, 0, 0], qubits: 2)
        let expected = [0.81, 0.09, 0.09, 0.01]
        for (a, b) in zip(p, expected) { #expect(abs(a - b) < 1e-15) }
        let q = readout.apply(to: [0, 0, 0, 1], qubits: 2)
        #expect(abs(q[0] - 0.04) < 1e-15 && abs(q[3] - 0.64) < 1e-15)
    }

    @Test func badFilesNameTheEntry() {
        func message(_ text: String) -> String {
            do { _ = try Self.model(text) } catch { return "\(error)" }
            return ""
        }
        #expect(message(#"{"gates": {"cx": [{"channel": "depolarising", "p": 0.1}]}}"#).contains("unknown noise channel 'depolarising'"))
        #expect(message(#"{"default": [{"channel": "amplitude_damping"}]}"#).contains("needs \"gamma\""))
        #expect(message(#"{"gates": {"rx": [{"channel": "bit_flip", "p": 1.5}]}}"#).contains("\"rx\" channel 1"))
        #expect(message(#"{"readout": {"p1given0": -0.1, "p0given1": 0}}"#).contains("p1given0"))
    }

    @Test func unknownGatesAndQubitsAreRefused() throws {
        func message(_ text: String) -> String {
            do { _ = try Self.model(text) } catch { return "\(error)" }
            return ""
        }
        #expect(message(#"{"gates": {"cnot": [{"channel": "bit_flip", "p": 0.1}]}}"#).contains("unknown gate 'cnot'"))
        #expect(message(#"{"gates": {"ccx": [{"channel": "bit_flip", "p": 0.1}], "crz": []}}"#) == "")
        #expect(message(#"{"local": [{"gate": "cx", "qubits": [0], "channels": []}]}"#).contains("needs 2 distinct qubits"))
        #expect(message(#"{"local": [{"gate": "foo", "qubits": [0], "channels": []}]}"#).contains("unknown gate 'foo'"))
        let far = try Self.model(#"{"local": [{"gate": "x", "qubits": [5], "channels": [{"channel": "bit_flip", "p": 1}]}]}"#)
        var c = Circuit(qubits: 2)
        c.x(0)
        #expect(throws: QuantumSimError.self) { try DensityMatrix<Double>.run(c, noise: far) }
    }

    @Test func localEntriesReplaceTheGatesChannelsOnTheirQubits() throws {
        // A bit flip with p = 1 after X on qubit 1 only: X·X on qubit 1 undoes it, qubit 0 stays flipped.
        let noise = try Self.model(#"{"local": [{"gate": "x", "qubits": [1], "channels": [{"channel": "bit_flip", "p": 1}]}]}"#)
        var c = Circuit(qubits: 2)
        c.x(0)
        c.x(1)
        let rho = try DensityMatrix<Double>.run(c, noise: noise)
        #expect(abs(rho.probabilities()[0b01] - 1) < 1e-12)
        let scaled = try noise.scaled(by: 0.5)
        #expect(scaled.local[0].channels[0].p == 0.5)
    }
}
