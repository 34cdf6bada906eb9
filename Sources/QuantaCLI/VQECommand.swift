import Foundation
import Quanta

/// `quanta vqe`: the variational quantum eigensolver on a named Hamiltonian, beside the exact
/// ground energy.
struct VQECommand: Command {
    let name = "vqe"
    let summary = "variational ground energy of a Hamiltonian (exact, shots, noise, zero-noise extrapolation) beside exact diagonalisation"
    let usage = ["vqe --hamiltonian maxcut:GRAPH|ising:N,H|heisenberg:N|h2|lih [--ansatz NAME] [--optimizer NAME] "
        + "[--noise FILE] [--shots N] [--zne METHOD] [--json]"]
    let discussion = """
        Minimises ⟨ψ(θ)|H|ψ(θ)⟩ over the ansatz weights θ and prints the energy found beside the exact
        ground energy (LAPACK or Lanczos, up to 14 qubits). Energies are exact (state vector) by
        default; --shots N measures every Pauli term N times; --noise FILE runs a density matrix
        under the noise model (the format of quanta simulate --noise), and --zne mitigates it by
        zero-noise extrapolation over --zne-scales. h2 and lih are STO-3G Jordan–Wigner
        Hamiltonians (H₂ at 0.735 Å, 4 qubits; LiH at 1.595 Å, frozen core, 10 qubits) and start
        from Hartree–Fock; maxcut prints the approximation ratio (expected cut over largest cut).
        """
    let sections = [
        OptionSection("Problem", [
            Option("hamiltonian", "SPEC", "maxcut:0-1,1-2:0.5 | maxcut:ring:N | maxcut:random:N:P | ising:N,H | heisenberg:N | h2 | lih"),
            Option("ansatz", "NAME", "uccd (h2), real-amplitudes[:R], efficient-su2[:R], hardware-efficient[:L], qaoa[:P]",
                   default: "uccd for h2, real-amplitudes:2 for lih, qaoa:2 for maxcut, real-amplitudes:3 for chains"),
        ]),
        OptionSection("Optimiser", [
            Option("optimizer", "NAME", "the minimiser",
                   .choice(["cobyla", "nelder-mead", "bobyqa", "spsa", "adam", "qng", "aqgd", "rotosolve"]), default: "cobyla"),
            Option("iterations", "N", "iterations (evaluations for cobyla, nelder-mead, bobyqa; sweeps for rotosolve)",
                   .int(1...1_000_000), default: "1000 for NLopt methods, 300 otherwise, 20 rotosolve sweeps"),
            Option("learning-rate", "ETA", "adam, qng, aqgd: step size", .double(1e-9...100), default: "0.05 adam, 0.1 qng, 1 aqgd"),
        ]),
        OptionSection("Measurement", [
            Option("shots", "N", "measurements per Pauli term (default: exact expectations)", .int(1...100_000_000)),
            Option("noise", "FILE", "a noise model (JSON): density-matrix energies"),
            Option("zne", "METHOD", "zero-noise extrapolation of noisy energies",
                   .choice(["richardson", "linear", "exponential", "nn"])),
            Option("zne-scaling", "HOW", "noise: channels scaled; global or local: unitary folding",
                   .choice(ZeroNoiseExtrapolation.Scaling.allCases.map(\.rawValue)), default: "global"),
            Option("zne-scales", "LIST", "scale factors, comma-separated, each ≥ 1", default: "1,3,5 (folding), 1,2,3 (noise)"),
        ]),
        CommonOptions.section([CommonOptions.seed, CommonOptions.json]),
    ]
    let epilogue = """
        Examples: quanta vqe --hamiltonian h2
                  quanta vqe --hamiltonian maxcut:random:10:0.4 --ansatz qaoa:2 --json
                  quanta vqe --hamiltonian ising:6,1.0 --noise noise.json --zne richardson
        """

    /// `--json`.
    struct Result: Encodable {
        var hamiltonian: String
        var qubits: Int
        var ansatz: String
        var optimizer: String
        var energy: Double
        var noiseless_energy: Double
        var exact_energy: Double?
        var error: Double?
        var approximation_ratio: Double?
        var iterations: Int
        var evaluations: Int
        var seconds: Double
    }

    func run(_ args: Arguments, io: Console) throws -> Int32 {
        try args.expectPositionals([])
        guard let spec = args.string("hamiltonian") else { throw UsageError("--hamiltonian SPEC is required") }
        let seed = try args.seed()
        let problem = try VariationalProblem.parse(spec, seed: seed)
        let ansatzName = args.string("ansatz") ?? problem.defaultAnsatz
        let ansatz = try problem.ansatz(ansatzName)
        let estimator = try EnergyEstimator(ansatz: ansatz, hamiltonian: problem.hamiltonian, mode: try mode(args),
                                            mitigation: try mitigation(args), seed: seed)
        let minimizer = try VQEOptimizers.make(try args.choice("optimizer"), args: args, ansatz: ansatz)
        let start = VQEOptimizers.start(ansatzName, weights: ansatz.weightCount, seed: seed)
        io.err("vqe: \(problem.name), \(problem.qubits) qubits, \(problem.hamiltonian.terms.count) terms; ansatz \(ansatzName) "
            + "(\(ansatz.weightCount) weights); \(minimizer.name)")
        let began = Date()
        var lastLine = began
        let result = try VariationalEigensolver(estimator: estimator, minimizer: minimizer).run(from: start) { i, e in
            // a line every 5 s, so long runs show progress without flooding logs
            guard Date().timeIntervalSince(lastLine) >= 5 else { return }
            lastLine = Date()
            io.err(String(format: "iteration %d: energy %.8f", i, e))
        }
        let exact = problem.qubits <= 14 ? try ExactDiagonalization.groundEnergy(problem.hamiltonian, qubits: problem.qubits) : nil
        var out = Result(hamiltonian: problem.name, qubits: problem.qubits, ansatz: ansatzName, optimizer: minimizer.name,
                         energy: result.energy, noiseless_energy: result.noiselessEnergy, exact_energy: exact,
                         error: exact.map { result.energy - $0 }, approximation_ratio: nil, iterations: result.iterations,
                         evaluations: result.evaluations, seconds: Date().timeIntervalSince(began))
        if problem.isMaxCut, let exact { out.approximation_ratio = QAOA.approximationRatio(energy: result.noiselessEnergy, groundEnergy: exact) }
        report(out, io: io)
        if args.flag("json") { io.out(try JSONLine.encode(out)) }
        return 0
    }

    func report(_ r: Result, io: Console) {
        io.out(String(format: "energy            %.8f", r.energy))
        if r.noiseless_energy != r.energy { io.out(String(format: "noiseless energy  %.8f  (same weights, exact)", r.noiseless_energy)) }
        if let e = r.exact_energy, let d = r.error { io.out(String(format: "exact energy      %.8f  (error %.2e)", e, d)) }
        if let ratio = r.approximation_ratio { io.out(String(format: "approximation ratio %.4f", ratio)) }
        io.out("iterations \(r.iterations), evaluations \(r.evaluations), " + String(format: "%.2f s", r.seconds))
    }

    func mode(_ args: Arguments) throws -> EnergyEstimator.Mode {
        let shots = try args.intIfGiven("shots")
        guard let url = args.url("noise") else { return shots.map { .shots($0) } ?? .exact }
        return .noisy(try NoisySimulation.loadModel(url), shots: shots)
    }

    func mitigation(_ args: Arguments) throws -> ZeroNoiseExtrapolation? {
        guard args.given("zne") else {
            if let option = ["zne-scaling", "zne-scales"].first(where: args.given) { throw UsageError("--\(option) needs --zne") }
            return nil
        }
        guard args.given("noise") else { throw UsageError("--zne mitigates noise: give --noise FILE") }
        let extrapolator: Extrapolator
        switch try args.choice("zne") {
        case "richardson": extrapolator = .richardson
        case "linear": extrapolator = .linear
        case "exponential": extrapolator = .exponential
        default: extrapolator = .neuralNetwork(members: 3, seed: try args.seed())
        }
        let scaling = ZeroNoiseExtrapolation.Scaling(rawValue: try args.choice("zne-scaling"))!
        var zne = ZeroNoiseExtrapolation(extrapolator: extrapolator, scaling: scaling)
        if let text = args.string("zne-scales") {
            let scales = text.split(separator: ",").compactMap { Double($0) }
            guard scales.count == text.split(separator: ",").count, scales.count >= 2, scales.allSatisfy({ $0 >= 1 && $0.isFinite }) else {
                throw UsageError("--zne-scales '\(text)': at least two comma-separated numbers, each ≥ 1")
            }
            zne.scales = scales
        }
        return zne
    }
}
