import NeuralNetworks
import QuantumSim

/// A circuit read out with a finite number of shots: what a `QuantumLayer` on hardware sees.
/// Forward, every observable is estimated from `shots` measurements (`ShotEstimator`: each
/// Pauli term on its own); backward, the gradient is estimated from shots too, by the
/// parameter-shift rule (every shifted circuit measured `shots` times; unbiased) or by SPSA
/// (two perturbed circuits per step, all weights and inputs at once; biased by O(c²), far
/// cheaper for many weights). Each call draws fresh outcomes from one seeded stream, so a run
/// is reproducible. Exact expectations (`StateVectorEngine`) stay the default of `QuantumLayer`.
public final class ShotEngine: QuantumEngine {
    public enum Gradient: Sendable, Equatable {
        case parameterShift
        /// SPSA with perturbation size c.
        case spsa(perturbation: Double)
    }

    public let circuit: Circuit
    public let program: QuantumProgram
    public let estimator: ShotEstimator
    public let shots: Int
    public let gradient: Gradient
    /// The shifted programs of the parameter-shift rule, compiled when first needed.
    lazy var shiftPrograms: [(term: ShiftTerm, program: QuantumProgram)] = ShiftTerm.terms(of: circuit).map {
        ($0, QuantumProgram($0.shifted(circuit), options: program.options))
    }
    var rng: RandomGenerator

    /// Compiles `circuit`; throws when `readout` reads qubits the circuit lacks or shots < 1.
    public init(_ circuit: Circuit, readout: QuantumReadout, shots: Int, seed: UInt64, gradient: Gradient = .parameterShift) throws {
        try readout.validate(qubitCount: circuit.qubitCount)
        guard shots >= 1 else { throw QMLError.invalidArgument("shots must be at least 1, got \(shots)") }
        if case let .spsa(c) = gradient, !(c > 0) {
            throw QMLError.invalidArgument("the SPSA perturbation must be positive, got \(c)")
        }
        self.circuit = circuit
        program = QuantumProgram(circuit)
        estimator = ShotEstimator(readout.observables)
        self.shots = shots
        self.gradient = gradient
        rng = RandomGenerator(seed: seed)
    }

    public var weightCount: Int { program.weightCount }
    public var inputCount: Int { program.inputCount }
    public var outputCount: Int { estimator.outputCount }

    struct Tape {
        let weights: [Double]
        let inputs: [Double]
        let batch: Int
    }

    public func evaluate(weights: [Double], inputs: [Double], batch: Int) throws -> (values: [Double], tape: Any) {
        let values = try sampled(program, weights, inputs, batch)
        return (values, Tape(weights: weights, inputs: inputs, batch: batch))
    }

    /// Shot estimates of the observables for a batch run through `p`.
    func sampled(_ p: QuantumProgram, _ weights: [Double], _ inputs: [Double], _ batch: Int) throws -> [Double] {
        let means = try p.expectations(weights: weights, inputs: inputs, batch: batch, observables: estimator.atoms)
        return estimator.estimate(means: means, rows: batch, shots: shots, rng: &rng)
    }

    public func vectorJacobianProduct(_ tape: Any, upstream: [Double], inputGradients: Bool) throws -> (weights: [Double], inputs: [Double]?) {
        let t = tape as! Tape
        switch gradient {
        case .parameterShift: return try shiftProduct(t, upstream, inputGradients)
        case let .spsa(c): return try spsaProduct(t, upstream, inputGradients, c)
        }
    }

    /// Σ upstream·∂values by the parameter-shift rule, each shifted circuit measured with shots.
    func shiftProduct(_ t: Tape, _ upstream: [Double], _ inputGradients: Bool) throws -> (weights: [Double], inputs: [Double]?) {
        var wg = [Double](repeating: 0, count: weightCount)
        var xg = [Double](repeating: 0, count: t.inputs.count)
        let k = outputCount
        let stride = t.batch == 0 ? 0 : t.inputs.count / t.batch
        for (term, p) in shiftPrograms {
            if case .input = term.source, !inputGradients { continue }
            let values = try sampled(p, t.weights, t.inputs, t.batch)
            for s in 0..<t.batch {
                var dot = 0.0
                for j in 0..<k { dot += upstream[s * k + j] * values[s * k + j] }
                let d = term.coefficient * term.scale * dot
                switch term.source {
                case let .weight(w): wg[w] += d
                case let .input(x): xg[s * stride + x] += d
                case .constant: break
                }
            }
        }
        return (wg, inputGradients ? xg : nil)
    }

    /// Σ upstream·∂values by one SPSA estimate: every weight and input perturbed by ±c at once.
    func spsaProduct(_ t: Tape, _ upstream: [Double], _ inputGradients: Bool, _ c: Double) throws -> (weights: [Double], inputs: [Double]?) {
        let dw = t.weights.map { _ in rng.nextUnit() < 0.5 ? -1.0 : 1.0 }
        let dx = t.inputs.map { _ in inputGradients ? (rng.nextUnit() < 0.5 ? -1.0 : 1.0) : 0 }
        let plus = try sampled(program, zip(t.weights, dw).map { $0 + c * $1 }, zip(t.inputs, dx).map { $0 + c * $1 }, t.batch)
        let minus = try sampled(program, zip(t.weights, dw).map { $0 - c * $1 }, zip(t.inputs, dx).map { $0 - c * $1 }, t.batch)
        let k = outputCount
        let stride = t.batch == 0 ? 0 : t.inputs.count / t.batch
        var total = 0.0
        var xg = [Double](repeating: 0, count: t.inputs.count)
        for s in 0..<t.batch {
            var dot = 0.0
            for j in 0..<k { dot += upstream[s * k + j] * (plus[s * k + j] - minus[s * k + j]) / (2 * c) }
            total += dot
            if inputGradients {
                for x in 0..<stride { xg[s * stride + x] = dot / dx[s * stride + x] }
            }
        }
        return (dw.map { total / $0 }, inputGradients ? xg : nil)
    }
}
