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
/// `{"channel": "thermal_relaxation", "t1": T₁, "t2": T₂, "time": t}`. Noise on given qubits, as
/// Aer's `add_quantum_error(error, gate, qubits)`: `"local": [{"gate": "cx", "qubits": [0, 1],
/// "channels": [CHANNEL…]}]` replaces the gate's (or the default) channels on exactly those qubits
/// (controls first, in the gate's order).
public struct NoiseModel: Sendable, Equatable {
    /// Channels for one gate on given qubits.
    public struct Local: Codable, Sendable, Equatable {
        public var gate: String
        public var qubits: [Int]
        public var channels: [Channel]

        public init(gate: String, qubits: [Int], channels: [Channel]) {
            self.gate = gate
            self.qubits = qubits
            self.channels = channels
        }
    }

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
    public var local: [Local]

    public init(defaultChannels: [Channel] = [], gates: [String: [Channel]] = [:], readout: Readout? = nil,
                local: [Local] = []) throws {
        self.defaultChannels = defaultChannels
        self.gates = gates
        self.readout = readout
        self.local = local
        try validate()
    }

    /// Every channel builds, every gate name is known, local entries name distinct qubits as many
    /// as their gate acts on, and readout probabilities lie in [0, 1]; the message names the entry.
    public func validate() throws {
        for name in gates.keys.sorted() where Self.arity(of: name) == nil {
            throw QuantumSimError.invalidArgument("noise model, \"gates\": unknown gate '\(name)' (OpenQASM names, one c per control: rx, cx, ccx)")
        }
        for (i, entry) in local.enumerated() {
            let place = "noise model, \"local\" entry \(i + 1) (\(entry.gate))"
            guard let arity = Self.arity(of: entry.gate) else { throw QuantumSimError.invalidArgument("\(place): unknown gate '\(entry.gate)'") }
            guard entry.qubits.count == arity, Set(entry.qubits).count == arity, entry.qubits.allSatisfy({ $0 >= 0 }) else {
                throw QuantumSimError.invalidArgument("\(place): needs \(arity) distinct qubits ≥ 0, got \(entry.qubits)")
            }
        }
        let named = [("default", defaultChannels)] + gates.sorted(by: { $0.key < $1.key })
            + local.enumerated().map { ("local \($0.offset + 1)", $0.element.channels) }
        for (name, list) in named {
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

    /// Throws when a local entry names a qubit a circuit of `qubitCount` qubits lacks.
    public func validate(qubitCount: Int) throws {
        for (i, entry) in local.enumerated() where entry.qubits.contains(where: { $0 >= qubitCount }) {
            throw QuantumSimError.invalidArgument("noise model, \"local\" entry \(i + 1) (\(entry.gate)): qubits \(entry.qubits) "
                + "outside the circuit's \(qubitCount)")
        }
    }

    /// The channels after each instruction of `circuit`, its qubits checked against the local entries.
    public func channels(for circuit: Circuit) throws -> [[(KrausChannel, [Int])]] {
        try validate(qubitCount: circuit.qubitCount)
        return try circuit.instructions.map(channels(after:))
    }

    /// Qubits a gate called `name` acts on ("c" prefixes add controls), or nil for no such gate.
    static func arity(of name: String) -> Int? {
        let controls = name.prefix { $0 == "c" }.count
        for k in 0...controls {
            let base = String(name.dropFirst(k))
            if let gate = Gate.standardKinds.first(where: { $0.name == base }) { return gate.qubitCount + k }
        }
        return nil
    }

    /// The channels after `op`, each with the qubits it acts on.
    public func channels(after op: Instruction) throws -> [(KrausChannel, [Int])] {
        let qubits = op.controls + op.targets
        let name = String(repeating: "c", count: op.controls.count) + op.gate.name
        var out: [(KrausChannel, [Int])] = []
        let specific = local.first { $0.gate == name && $0.qubits == qubits }?.channels
        for c in specific ?? gates[name] ?? defaultChannels {
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
        case defaultChannels = "default", gates, readout, local
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(defaultChannels: try c.decodeIfPresent([Channel].self, forKey: .defaultChannels) ?? [],
                      gates: try c.decodeIfPresent([String: [Channel]].self, forKey: .gates) ?? [:],
                      readout: try c.decodeIfPresent(Readout.self, forKey: .readout),
                      local: try c.decodeIfPresent([Local].self, forKey: .local) ?? [])
    }
}
