import Foundation
import Quanta

/// What `quanta vqe` solves: a Hamiltonian named on the command line, its qubits, the ansatz
/// it defaults to, and a cut's sense for Max-Cut.
struct VariationalProblem {
    let name: String
    let hamiltonian: PauliSum
    let qubits: Int
    /// The Hartree–Fock preparation put before a molecule's ansatz.
    let reference: Circuit?
    let defaultAnsatz: String
    let isMaxCut: Bool

    init(name: String, hamiltonian: PauliSum, qubits: Int, reference: Circuit? = nil, defaultAnsatz: String, isMaxCut: Bool = false) {
        self.name = name
        self.hamiltonian = hamiltonian
        self.qubits = qubits
        self.reference = reference
        self.defaultAnsatz = defaultAnsatz
        self.isMaxCut = isMaxCut
    }

    /// `maxcut:GRAPH` (edges `0-1,1-2:0.5`, `ring:N` or `random:N:P` seeded), `ising:N,H`,
    /// `heisenberg:N`, `h2`, `lih`.
    static func parse(_ text: String, seed: UInt64) throws -> VariationalProblem {
        let (kind, rest) = split(text)
        let problem: VariationalProblem
        switch kind {
        case "h2", "lih":
            let m = kind == "h2" ? Molecule.h2 : Molecule.lih
            problem = VariationalProblem(name: kind, hamiltonian: m.hamiltonian, qubits: m.qubits, reference: m.hartreeFockCircuit,
                                         defaultAnsatz: kind == "h2" ? "uccd" : "real-amplitudes:2")
        case "maxcut":
            let edges = try graph(rest, seed: seed)
            problem = VariationalProblem(name: text, hamiltonian: try Hamiltonians.maxCut(edges),
                                         qubits: edges.map { max($0.0, $0.1) }.max()! + 1, defaultAnsatz: "qaoa:2", isMaxCut: true)
        case "ising":
            let parts = rest.split(separator: ",")
            guard parts.count == 2, let n = Int(parts[0]), let h = Double(parts[1]), h.isFinite else {
                throw UsageError("--hamiltonian ising:N,H takes the number of sites and the field, e.g. ising:8,1.0")
            }
            problem = VariationalProblem(name: text, hamiltonian: try Hamiltonians.transverseIsing(sites: n, field: h), qubits: n,
                                         defaultAnsatz: "real-amplitudes:3")
        case "heisenberg":
            guard let n = Int(rest) else { throw UsageError("--hamiltonian heisenberg:N takes the number of sites, e.g. heisenberg:6") }
            problem = VariationalProblem(name: text, hamiltonian: try Hamiltonians.heisenberg(sites: n), qubits: n,
                                         defaultAnsatz: "real-amplitudes:3")
        default:
            throw UsageError("unknown --hamiltonian '\(text)': maxcut:GRAPH, ising:N,H, heisenberg:N, h2 or lih")
        }
        guard problem.qubits <= 24 else { throw UsageError("--hamiltonian \(text) has \(problem.qubits) qubits; at most 24 are simulated") }
        return problem
    }

    static func split(_ text: String) -> (String, String) {
        guard let colon = text.firstIndex(of: ":") else { return (text, "") }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    /// Edges of `0-1,1-2:0.5`, `ring:N` or `random:N:P`.
    static func graph(_ text: String, seed: UInt64) throws -> [(Int, Int, Double)] {
        let (kind, rest) = split(text)
        if kind == "ring" {
            guard let n = Int(rest), (3...24).contains(n) else { throw UsageError("maxcut:ring:N takes 3 to 24 vertices") }
            return (0..<n).map { ($0, ($0 + 1) % n, 1) }
        }
        if kind == "random" {
            let parts = rest.split(separator: ":")
            guard parts.count == 2, let n = Int(parts[0]), let p = Double(parts[1]), (2...24).contains(n), (0...1).contains(p) else {
                throw UsageError("maxcut:random:N:P takes 2 to 24 vertices and an edge probability in [0, 1]")
            }
            var rng = RandomGenerator(seed: seed)
            let edges = (0..<n).flatMap { i in ((i + 1)..<n).map { (i, $0) } }.filter { _ in rng.nextUnit() < p }
            guard !edges.isEmpty else { throw UsageError("maxcut:\(text) drew no edges; raise P or change --seed") }
            return edges.map { ($0.0, $0.1, 1) }
        }
        return try text.split(separator: ",").map { try edge(String($0)) }
    }

    static func edge(_ text: String) throws -> (Int, Int, Double) {
        let (pair, weight) = split(text)
        let ends = pair.split(separator: "-")
        guard ends.count == 2, let a = Int(ends[0]), let b = Int(ends[1]), a >= 0, b >= 0, a != b,
              let w = weight.isEmpty ? 1 : Double(weight), w.isFinite else {
            throw UsageError("Max-Cut edge '\(text)': expected A-B or A-B:WEIGHT with two different vertices ≥ 0")
        }
        return (a, b, w)
    }

    /// The ansatz `spec` (`uccd`, `real-amplitudes[:R]`, `efficient-su2[:R]`,
    /// `hardware-efficient[:L]`, `qaoa[:P]`), after the reference state.
    func ansatz(_ spec: String) throws -> Circuit {
        let (kind, rest) = Self.split(spec)
        let layers = rest.isEmpty ? 2 : Int(rest) ?? -1
        guard (1...50).contains(layers) else { throw UsageError("--ansatz \(spec): the layer count must be 1...50") }
        let body: Circuit
        switch kind {
        case "uccd":
            guard name == "h2" else { throw UsageError("--ansatz uccd is H₂'s double excitation; use it with --hamiltonian h2") }
            body = Templates.doubleExcitation(qubits: 4, 0, 1, 2, 3)
        case "real-amplitudes": body = Templates.realAmplitudes(qubits: qubits, reps: layers)
        case "efficient-su2": body = Templates.efficientSU2(qubits: qubits, reps: layers)
        case "hardware-efficient": body = Templates.hardwareEfficient(qubits: qubits, layers: layers)
        case "qaoa":
            guard hamiltonian.isDiagonal else { throw UsageError("--ansatz qaoa needs a diagonal cost (maxcut)") }
            body = try QAOA.circuit(cost: hamiltonian, qubits: qubits, layers: layers)
        default:
            throw UsageError("unknown --ansatz '\(spec)': uccd, real-amplitudes[:R], efficient-su2[:R], hardware-efficient[:L], qaoa[:P]")
        }
        return (reference ?? Circuit(qubits: qubits)) + body
    }
}
