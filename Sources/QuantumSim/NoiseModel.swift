import Foundation

/// Which channels follow which gates, as Qiskit Aer's
/// `NoiseModel.add_all_qubit_quantum_error`: `gates[name]` after every gate of that name
/// (OpenQASM names with one `c` per control: "rx", "cx", "ccx"), `default` after every other
/// gate. A depolarizing channel after a k-qubit gate acts on its k qubits (k ≤ 2); any other
/// channel after a multi-qubit gate acts on each of its qubits. `readout` flips measured bits.
///
/// JSON: `{"default": [CHANNEL…], "gates": {"cx": [CHANNEL…]}, "readout": {"p1given0": p,
/// "p0given1": p}}`, CHANNEL one of `{"channel": "depolarizing", "p": p}`,
/// `{"channel": "amplitude_damping", "gamma": γ}`, `{"channel": "phase_damping", "lambda": λ}`,
/// `{"channel": "bit_flip", "p": p}`, `{"channel": "phase_flip", "p": p}`,
/// `{"channel": "thermal_relaxation", "t1": T₁, "t2": T₂, "time": t}`.
public struct NoiseModel: Sendable, Equatable {
    /// One channel as named in a noise-model file.
    public struct Channel: Codable, Sendable, Equatable {
        public var channel: String
        public var p: Double?
        public var gamma: Double?
        public var lambda: Double?
        public var t1: Double?
        public var t2: Double?
        public var time: Double?

        /// The Kraus channel on `qubits` qubits (depolarizing on 1 or 2; the others on 1).
        public func kraus(qubits: Int = 1) throws -> KrausChannel {
            func need(_ v: Double?, _ key: String) throws -> Double {
                guard let v else { throw QuantumSimError.invalidArgument("noise channel '\(channel)' needs \"\(key)\"") }
                return v
            }
            switch channel {
            case "depolarizing": return try .depolarizing(try need(p, "p"), qubits: qubits)
            case "amplitude_damping": return try .amplitudeDamping(try need(gamma, "gamma"))
            case "phase_damping": return try .phaseDamping(try need(lambda, "lambda"))
            case "bit_flip": return try .bitFlip(try need(p, "p"))
            case "phase_flip": return try .phaseFlip(try need(p, "p"))
            case "thermal_relaxation":
                return try .thermalRelaxation(t1: try need(t1, "t1"), t2: try need(t2, "t2"), time: try need(time, "time"))
            default:
                throw QuantumSimError.invalidArgument("unknown noise channel '\(channel)': depolarizing, amplitude_damping, "
                    + "phase_damping, bit_flip, phase_flip, thermal_relaxation")
            }
        }
    }

    /// Classical readout error: P(read 1 | 0) and P(read 0 | 1).
    public struct Readout: Codable, Sendable, Equatable {
        public var p1given0: Double
        public var p0given1: Double
    }

    public var defaultChannels: [Channel]
    public var gates: [String: [Channel]]
    public var readout: Readout?

    public init(defaultChannels: [Channel] = [], gates: [String: [Channel]] = [:], readout: Readout? = nil) throws {
        self.defaultChannels = defaultChannels
        self.gates = gates
        self.readout = readout
        try validate()
    }

    /// Every channel builds and readout probabilities lie in [0, 1]; the message names the entry.
    public func validate() throws {
        for (name, list) in [("default", defaultChannels)] + gates.sorted(by: { $0.key < $1.key }) {
            for (i, c) in list.enumerated() {
                do { _ = try c.kraus() } catch {
                    throw QuantumSimError.invalidArgument("noise model, \"\(name)\" channel \(i + 1): \(error)")
                }
            }
        }
        if let r = readout {
            for (key, v) in [("p1given0", r.p1given0), ("p0given1", r.p0given1)] where !(v.isFinite && (0...1).contains(v)) {
                throw QuantumSimError.invalidArgument("noise model, readout \"\(key)\" must lie in 0...1, got \(v)")
            }
        }
    }

    /// The channels after `op`, each with the qubits it acts on.
    public func channels(after op: Instruction) throws -> [(KrausChannel, [Int])] {
        let qubits = op.controls + op.targets
        let name = String(repeating: "c", count: op.controls.count) + op.gate.name
        var out: [(KrausChannel, [Int])] = []
        for c in gates[name] ?? defaultChannels {
            if c.channel == "depolarizing" && (1...2).contains(qubits.count) {
                out.append((try c.kraus(qubits: qubits.count), qubits))
            } else {
                let k = try c.kraus()
                out += qubits.map { (k, [$0]) }
            }
        }
        return out
    }
}

extension NoiseModel: Codable {
    enum CodingKeys: String, CodingKey {
        case defaultChannels = "default", gates, readout
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(defaultChannels: try c.decodeIfPresent([Channel].self, forKey: .defaultChannels) ?? [],
                      gates: try c.decodeIfPresent([String: [Channel]].self, forKey: .gates) ?? [:],
                      readout: try c.decodeIfPresent(Readout.self, forKey: .readout))
    }
}
