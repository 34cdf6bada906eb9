import Foundation
import Plotting
import QML

extension QAS {
    static let methods = ["random search", "REINFORCE (latent)", "Bayesian optimisation (latent)"]

    static let reproduction = Reproduction(
        name: "qas",
        paper: PaperReference(title: "Quantum Architecture Search with Unsupervised Representation Learning", arxiv: "2401.11576",
                              citation: "Sun, Wu, Ma & Tresp 2024"),
        summary: "A GIN variational autoencoder pre-trained on 4,000 random 4-qubit circuits (4–10 gates of RX, RY, RZ, CNOT, CZ), "
            + "then REINFORCE and Bayesian optimisation in its 16-d latent space against random search: queries to reach the "
            + "threshold on GHZ-4 preparation, a random state and Max-Cut",
        quickForm: "3 seeds, 1,500 circuits and 5 epochs of pre-training, 60 queries",
        datasets: [], seeds: (full: 10, quick: 3)
    ) { context in
        var settings = Settings()
        if context.quick {
            settings = Settings(circuits: 1500, epochs: 5, budget: 60)
        }
        let started = Date()
        let dags = try corpus(settings.circuits + 500, seed: 1)
        let autoencoder = try CircuitAutoencoder(qubits: qubits, maxGates: maxGates, seed: 2)
        let losses = try autoencoder.fit(Array(dags[..<settings.circuits]), epochs: settings.epochs, seed: 3) { epoch, loss in
            context.log(String(format: "autoencoder epoch %d: loss %.3f", epoch + 1, loss))
        }
        let held = Array(dags[settings.circuits...])
        let accuracy = autoencoder.reconstructionAccuracy(held)
        var result = ReproductionResult()
        result.rows.append(ResultRow(label: "graph VAE", metric: "held-out circuits reconstructed exactly", values: [100 * accuracy], unit: "%",
                                     higherIsBetter: true, reported: Reported("—", source: "not reported"),
                                     seconds: Date().timeIntervalSince(started)))
        var curve = LinePlot(title: "Graph VAE pre-training", xLabel: "epoch", yLabel: "loss per circuit")
        curve.add("reconstruction + β·KL", y: losses)
        result.plots.append(curve)
        let pool = ArchitectureSearch.LatentPool(autoencoder, Array(dags[..<settings.circuits]))
        for t in try tasks(seed: 0).indices {
            result.append(try search(t, pool, settings, context: context))
        }
        result.notes.append("Queries count distinct circuits whose reward was computed (rotation angles trained by Adam, 80 steps from 3 "
            + "starts; the reward is the best fidelity or Max-Cut approximation ratio). A run that never reaches the threshold "
            + "counts as the budget + 1 (\(settings.budget + 1)) in the median. The autoencoder is pre-trained once (seed 2); each "
            + "search seed draws its own policy, candidates or random circuits. REINFORCE: a Gaussian policy over the pool's latent points "
            + "(π(i) ∝ exp(−‖z_i − μ‖²/2σ²), σ = the pool's spread, μ from the pool's mean, batches of 4, η 0.5); BO: GP with RBF kernel (ℓ = spread·√16), expected improvement over 600 pool circuits per step. "
            + "The pool is the 4,000 pre-training circuits (1,500 quick).")
        return result
    }

    /// Every method on task `t` over the seeds: median queries to the threshold and best reward.
    static func search(_ t: Int, _ pool: ArchitectureSearch.LatentPool, _ s: Settings, context: ReproductionContext) throws -> ReproductionResult {
        var queries = [String: [Double]]()
        var best = [String: [Double]]()
        var seconds = [String: Double]()
        var curves = [String: [[Double]]]()
        var task = try tasks(seed: 0)[t]
        for seed in 0..<context.seeds {
            task = try tasks(seed: UInt64(seed))[t]
            for method in methods {
                let started = Date()
                let trace = try run(method, task, pool, s, seed: UInt64(seed) &+ 1000)
                seconds[method, default: 0] += Date().timeIntervalSince(started)
                let q = trace.queries(toReach: task.threshold)
                queries[method, default: []].append(Double(q ?? s.budget + 1))
                best[method, default: []].append(trace.rewards.max() ?? 0)
                curves[method, default: []].append(trace.bestSoFar)
                context.log("\(task.name), seed \(seed), \(method): " + (q.map { "\($0) queries" } ?? "not reached in \(s.budget)")
                    + String(format: ", best %.4f", trace.rewards.max() ?? 0))
            }
        }
        var result = ReproductionResult()
        for method in methods {
            let sorted = queries[method]!.sorted()
            let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            result.rows.append(ResultRow(label: "\(task.name): \(method)", metric: "median queries to \(task.threshold)", values: [median],
                                         unit: "", higherIsBetter: false,
                                         reported: Reported(method == methods[0] ? "more than latent search" : "fewer than random", source: "abstract"),
                                         seconds: seconds[method]!))
            result.rows.append(ResultRow(label: "\(task.name): \(method)", metric: "best reward", values: best[method]!, unit: "",
                                         higherIsBetter: true, reported: Reported("—", source: "not extracted"), seconds: 0))
        }
        var plot = LinePlot(title: "\(task.name): best reward so far (mean over seeds, held after stopping)", xLabel: "query",
                            yLabel: "best reward")
        for method in methods {
            let runs = curves[method]!
            let length = runs.map(\.count).max() ?? 0
            let mean = (0..<length).map { i in runs.reduce(0) { $0 + ($1.isEmpty ? 0 : $1[min(i, $1.count - 1)]) } / Double(runs.count) }
            plot.add(method, y: mean)
        }
        result.plots.append(plot)
        return result
    }

    static func run(_ method: String, _ task: Task, _ pool: ArchitectureSearch.LatentPool, _ s: Settings, seed: UInt64) throws
        -> ArchitectureSearch.Trace {
        switch method {
        case methods[1]:
            return try ArchitectureSearch.reinforce(pool, budget: s.budget, threshold: task.threshold, seed: seed, evaluate: task.reward)
        case methods[2]:
            return try ArchitectureSearch.bayesian(pool, budget: s.budget, threshold: task.threshold, seed: seed, evaluate: task.reward)
        default:
            return try ArchitectureSearch.random(qubits: qubits, minGates: minGates, maxGates: maxGates, budget: s.budget,
                                                 threshold: task.threshold, seed: seed, evaluate: task.reward)
        }
    }
}

extension Reproduction {
    static let qas = QAS.reproduction
}
