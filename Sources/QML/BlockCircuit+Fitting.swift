import Foundation
import NeuralNetworks
import Tensor

/// Fitting a block circuit: a block's angles to a given 4×4 gate, the whole circuit's state to a
/// target state (fidelity), and its Born distribution to data (KL), each by Adam.
extension BlockCircuit {
    /// Angles of one block whose matrix is closest to `g` (max ⟨U(θ), G⟩_F, the best of
    /// `restarts` seeded starts); returns the angles and ‖U(θ) − G‖_F.
    public func blockAngles(approximating g: [Double], restarts: Int = 4, steps: Int = 400, seed: UInt64) throws -> ([Double], Double) {
        let cell = self.cell
        let objective = Objective(dimension: anglesPerBlock, value: { a in
            -zip(cell.matrix(a), g).reduce(0) { $0 + $1.0 * $1.1 }
        }, gradient: { a in cell.angleGradient(a, g.map { -$0 }) })
        var rng = RandomGenerator(seed: seed)
        var best: ([Double], Double)? = nil
        for _ in 0..<max(restarts, 1) {
            let start = (0..<anglesPerBlock).map { _ in Double.pi * (2 * rng.nextUnit() - 1) }
            let result = try AdamMinimizer(iterations: steps, learningRate: 0.05).minimize(objective, from: start)
            let distance = zip(cell.matrix(result.x), g).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
            if best == nil || distance < best!.1 { best = (result.x, distance) }
        }
        return best!
    }

    /// |⟨target|ψ(θ)⟩|² for a normalised real target.
    public func fidelity(_ angles: [Double], target: [Double]) -> Double {
        let overlap = zip(state(angles), target).reduce(0) { $0 + $1.0 * $1.1 }
        return overlap * overlap
    }

    /// Adam on −⟨target|ψ(θ)⟩ (the overlap's sign is free in a staircase start, so it is kept
    /// positive by the start); returns the angles and the fidelity after each step.
    public func maximizeFidelity(_ target: [Double], from start: [Double], steps: Int, learningRate: Double = 0.01) throws
        -> (angles: [Double], history: [Double]) {
        let sign: Double = zip(state(start), target).reduce(0) { $0 + $1.0 * $1.1 } < 0 ? -1 : 1
        let objective = Objective(dimension: parameterCount, value: { a in
            -sign * zip(self.state(a), target).reduce(0) { $0 + $1.0 * $1.1 }
        }, gradient: { a in
            self.gradient(a, finalState: self.state(a), dLdPsi: target.map { -sign * $0 })
        })
        let result = try AdamMinimizer(iterations: steps, learningRate: learningRate).minimize(objective, from: start)
        return (result.x, result.history.map { $0 * $0 })
    }

    /// Adam on KL(q ‖ ψ(θ)²) from `start`; returns the angles and the KL after each step.
    public func fitDistribution(_ q: [Double], from start: [Double], steps: Int, learningRate: Double = 0.02) throws
        -> (angles: [Double], history: [Double]) {
        guard q.count == 1 << qubits else { throw QMLError.invalidArgument("the distribution has \(q.count) entries for \(qubits) qubits") }
        let objective = Objective(dimension: parameterCount, value: { a in BornMachineLoss.kl(q, self.state(a)) }, gradient: { a in
            let psi = self.state(a)
            return self.gradient(a, finalState: psi, dLdPsi: BornMachineLoss.klGradient(q, psi))
        })
        let result = try AdamMinimizer(iterations: steps, learningRate: learningRate).minimize(objective, from: start)
        return (result.x, result.history)
    }
}
