import Foundation
import Tensor

/// Search strategies for quantum architectures, counted in queries (distinct circuits whose
/// reward was computed; a circuit proposed again costs nothing): random search over the
/// generator, and in the latent space of a `CircuitAutoencoder` (over a pool of embedded
/// circuits) REINFORCE with a Gaussian policy and Bayesian optimisation (Gaussian process, RBF
/// kernel, expected improvement). Each stops at
/// `budget` queries or at the first reward ≥ `threshold`.
public enum ArchitectureSearch {
    /// The rewards in query order.
    public struct Trace: Sendable {
        public var rewards: [Double] = []
        /// The best circuit found.
        public var best: [ArchitectureGate] = []
        /// The best reward after each query.
        public var bestSoFar: [Double] {
            rewards.indices.map { rewards[...$0].max()! }
        }
        /// Queries until the first reward ≥ `threshold`, nil when never.
        public func queries(toReach threshold: Double) -> Int? {
            rewards.firstIndex { $0 >= threshold }.map { $0 + 1 }
        }
    }

    /// The evaluator with its cache and stopping rule.
    struct Session {
        let evaluate: ([ArchitectureGate]) throws -> Double
        let budget: Int
        let threshold: Double
        var cache: [[ArchitectureGate]: Double] = [:]
        var trace = Trace()

        var done: Bool { trace.rewards.count >= budget || (trace.rewards.last.map { $0 >= threshold } ?? false) }

        mutating func reward(_ gates: [ArchitectureGate]) throws -> Double {
            if let r = cache[gates] { return r }
            let r = try evaluate(gates)
            cache[gates] = r
            if r > (trace.rewards.max() ?? -.infinity) { trace.best = gates }
            trace.rewards.append(r)
            return r
        }
    }

    /// Random circuits of `minGates`…`maxGates` gates from `CircuitDAG.random`.
    public static func random(qubits: Int, minGates: Int, maxGates: Int, budget: Int, threshold: Double, seed: UInt64,
                              evaluate: @escaping ([ArchitectureGate]) throws -> Double) throws -> Trace {
        var session = Session(evaluate: evaluate, budget: budget, threshold: threshold)
        var rng = RandomGenerator(seed: seed)
        var proposals = 0
        while !session.done && proposals < 20 * budget {
            let count = minGates + Int(rng.next(upperBound: UInt64(maxGates - minGates + 1)))
            _ = try session.reward(CircuitDAG.random(qubits: qubits, gates: count, rng: &rng))
            proposals += 1
        }
        return session.trace
    }

    /// Circuits with their latent vectors (the autoencoder's posterior means), the set the
    /// latent searches choose from.
    public struct LatentPool: Sendable {
        public let circuits: [[ArchitectureGate]]
        public let points: [[Double]]

        public init(_ autoencoder: CircuitAutoencoder, _ dags: [CircuitDAG]) {
            circuits = dags.map(\.gates)
            let z = stride(from: 0, to: dags.count, by: 256).flatMap { autoencoder.encode(Array(dags[$0..<min($0 + 256, dags.count)])) }
            let d = autoencoder.latent
            points = dags.indices.map { Array(z[($0 * d)..<(($0 + 1) * d)]) }
        }

        /// Mean and mean per-dimension standard deviation of the points.
        var spread: (mean: [Double], std: Double) {
            let d = points[0].count
            let count = Double(points.count)
            var mean = [Double](repeating: 0, count: d)
            for p in points {
                for k in 0..<d { mean[k] += p[k] / count }
            }
            var variance = 0.0
            for p in points {
                for k in 0..<d { variance += (p[k] - mean[k]) * (p[k] - mean[k]) / (count * Double(d)) }
            }
            return (mean, variance.squareRoot())
        }
    }

    /// REINFORCE with a Gaussian policy over the pool: circuit i is drawn (among the unqueried)
    /// with probability π(i) ∝ exp(−‖z_i − μ‖² / 2σ²) (σ = `sigma` × the pool's spread, μ from
    /// the pool's mean), in batches of `batch`; μ ← μ + η·mean((r − b)·(z_i − E_π[z])), the policy
    /// gradient ∇_μ log π(i) = (z_i − E_π[z]) / σ² with 1/σ² folded into η (steps in latent units,
    /// whatever the pool's scale), b a running mean of the rewards. (Mapping a sampled
    /// z to its nearest circuit instead keeps returning the pool's hubs in 16 dimensions.)
    public static func reinforce(_ pool: LatentPool, budget: Int, threshold: Double, seed: UInt64, sigma: Double = 1,
                                 learningRate: Double = 0.5, batch: Int = 4,
                                 evaluate: @escaping ([ArchitectureGate]) throws -> Double) throws -> Trace {
        var session = Session(evaluate: evaluate, budget: budget, threshold: threshold)
        var rng = RandomGenerator(seed: seed)
        let (mean, spread) = pool.spread
        let variance = sigma * sigma * spread * spread
        var mu = mean
        var used = Set<Int>()
        var baseline: Double? = nil
        while !session.done, used.count < pool.points.count {
            let open = pool.points.indices.filter { !used.contains($0) }
            let logits = open.map { i -> Double in
                var d = 0.0
                for k in mu.indices { d += (pool.points[i][k] - mu[k]) * (pool.points[i][k] - mu[k]) }
                return -d / (2 * variance)
            }
            let top = logits.max()!
            let weights = logits.map { exp($0 - top) }
            let total: Double = weights.reduce(0, +)
            var expected = [Double](repeating: 0, count: mu.count)
            for (i, w) in zip(open, weights) {
                for k in mu.indices { expected[k] += pool.points[i][k] * w / total }
            }
            var samples = [(Int, Double)]()
            for _ in 0..<batch where !session.done {
                var u = rng.nextUnit() * total
                var pick = open.count - 1
                for (j, w) in weights.enumerated() {
                    u -= w
                    if u <= 0 {
                        pick = j
                        break
                    }
                }
                let i = open[pick]
                guard !used.contains(i) else { continue }
                used.insert(i)
                samples.append((i, try session.reward(pool.circuits[i])))
            }
            guard !samples.isEmpty else { continue }
            let rewards = samples.map(\.1)
            let b = baseline ?? rewards.reduce(0, +) / Double(rewards.count)
            for (i, r) in samples {
                let step = learningRate * (r - b) / Double(samples.count)
                for k in mu.indices { mu[k] += step * (pool.points[i][k] - expected[k]) }
            }
            baseline = 0.9 * b + 0.1 * rewards.reduce(0, +) / Double(rewards.count)
        }
        return session.trace
    }

    /// Bayesian optimisation over the pool: `initial` random circuits, then each step fits a GP
    /// (RBF, ℓ = the pool's spread × √latent) to the queried points and queries the unqueried
    /// circuit of highest expected improvement among `candidates` drawn from the pool.
    public static func bayesian(_ pool: LatentPool, budget: Int, threshold: Double, seed: UInt64, initial: Int = 8,
                                candidates: Int = 600, evaluate: @escaping ([ArchitectureGate]) throws -> Double) throws -> Trace {
        var session = Session(evaluate: evaluate, budget: budget, threshold: threshold)
        var rng = RandomGenerator(seed: seed)
        let n = pool.points.count
        let scale = pool.spread.std * Double(pool.points[0].count).squareRoot()
        var used = [Int]()
        var values = [Double]()
        while !session.done, used.count < n {
            var next: Int
            if used.count < initial {
                next = Int(rng.next(upperBound: UInt64(n)))
                while used.contains(next) { next = Int(rng.next(upperBound: UInt64(n))) }
            } else {
                let gp = try GaussianProcess(used.map { pool.points[$0] }, values, lengthScale: scale, noise: 1e-4)
                let best = values.max()!
                let taken = Set(used)
                let pick = (0..<candidates).map { _ in Int(rng.next(upperBound: UInt64(n))) }.filter { !taken.contains($0) }
                guard !pick.isEmpty else { continue }
                let scored = pick.map { i -> Double in
                    let (m, v) = gp.predict(pool.points[i])
                    return GaussianProcess.expectedImprovement(mean: m, variance: v, best: best)
                }
                next = pick[scored.indices.max { scored[$0] < scored[$1] }!]
            }
            used.append(next)
            values.append(try session.reward(pool.circuits[next]))
        }
        return session.trace
    }
}
