import Foundation

/// How the server weighs the clients' models.
public enum FederatedWeighting: String, Sendable, Codable, CaseIterable {
    /// FedAvg with every client counted once: θ = (1/K) Σ θ_k.
    case uniform
    /// Weighted FedAvg (McMahan et al.): θ = Σ n_k θ_k / Σ n_k, n_k the client's samples.
    case samples
}

/// The settings of a federated run.
public struct FederatedSettings: Sendable, Equatable {
    /// Communication rounds.
    public var rounds: Int
    /// Epochs each client trains on its shard per round.
    public var localEpochs: Int
    public var batchSize: Int
    public var weighting: FederatedWeighting
    /// Seeds the clients' batch orders (client k, round r: a seed drawn from (seed, r, k)).
    public var seed: UInt64

    public init(rounds: Int, localEpochs: Int, batchSize: Int, weighting: FederatedWeighting = .samples, seed: UInt64 = 0) {
        self.rounds = rounds
        self.localEpochs = localEpochs
        self.batchSize = batchSize
        self.weighting = weighting
        self.seed = seed
    }
}

/// One round's numbers.
public struct FederatedRound: Sendable, Equatable {
    /// 1-based.
    public var round: Int
    /// The clients' mean training loss in their last local epoch, weighted as the aggregation.
    public var clientLoss: Double
    /// The aggregated model's accuracy on the test data.
    public var testAccuracy: Double
    public var seconds: Double
}

/// Federated averaging: a server model sent to clients that train it on their own shards
/// (which never leave them) for some local epochs, then averaged back, round after round
/// (McMahan et al. 2017, "Communication-Efficient Learning of Deep Networks from Decentralized
/// Data").
///
/// Clients are shared over the ranks of `collective` (client k on rank k mod size); each rank
/// adds up w_k·θ_k of its clients and one allreduce per round gives every rank Σ w_k θ_k and
/// Σ w_k. With `SingleProcess` the same run happens in one process, clients one after
/// another; the result differs only in the order of the additions. Buffers (BatchNorm
/// statistics) are averaged like the parameters. Optimizer state starts afresh per client
/// and round. Cost per round: Σ_k localEpochs · n_k samples of training, one allreduce of
/// the parameter count.
public final class FederatedAveraging {
    /// The server model: its parameters are the global ones between rounds.
    public let model: any Layer<Float>
    let makeOptimizer: ([Variable<Float>]) -> any Optimizer<Float>
    public let settings: FederatedSettings
    public let collective: any Collective

    public init(model: any Layer<Float>, settings: FederatedSettings, collective: any Collective = SingleProcess(),
                optimizer: @escaping ([Variable<Float>]) -> any Optimizer<Float>) {
        self.model = model
        self.settings = settings
        self.collective = collective
        self.makeOptimizer = optimizer
    }

    /// Runs every round on `clients` (one data set each), evaluating on `test` after each.
    public func train(clients: [LabeledData], test: LabeledData,
                      onRound: (FederatedRound) -> Void = { _ in }) -> [FederatedRound] {
        var rounds: [FederatedRound] = []
        for round in 1...settings.rounds {
            let start = Date()
            let loss = runRound(round, clients: clients)
            let accuracy = evaluate(model, test).metrics.accuracy
            let record = FederatedRound(round: round, clientLoss: loss, testAccuracy: accuracy,
                                        seconds: Date().timeIntervalSince(start))
            rounds.append(record)
            onRound(record)
        }
        return rounds
    }

    /// One round: this rank's clients trained from the global model, the weighted sums
    /// reduced, the global model replaced by the average. Returns the weighted client loss.
    func runRound(_ round: Int, clients: [LabeledData]) -> Double {
        let global = snapshot()
        var sums = [Double](repeating: 0, count: global.count + 2)
        for k in clients.indices where k % collective.size == collective.rank {
            restore(global)
            let loss = trainClient(clients[k], round: round, client: k)
            let weight = settings.weighting == .samples ? Double(clients[k].count) : 1
            let local = snapshot()
            for i in local.indices { sums[i] += weight * local[i] }
            sums[global.count] += weight
            sums[global.count + 1] += weight * loss
        }
        collective.sum(&sums)
        let total = sums[global.count]
        restore(sums.prefix(global.count).map { $0 / total })
        return sums[global.count + 1] / total
    }

    /// `localEpochs` epochs on one client's shard; its last epoch's mean loss.
    func trainClient(_ data: LabeledData, round: Int, client: Int) -> Double {
        let seed = settings.seed ^ (UInt64(round) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(client + 1) &* 0xBF58_476D_1CE4_E5B9)
        let trainer = Trainer(model: model, optimizer: makeOptimizer(model.parameters),
                              batchSize: Swift.min(settings.batchSize, data.count), seed: seed)
        var loss = Double.nan
        for _ in 0..<settings.localEpochs {
            loss = trainer.trainEpoch(data) { _, _ in true }?.loss ?? loss
        }
        model.isTraining = false
        return loss
    }

    /// The parameters then the buffers, flattened into Doubles.
    func snapshot() -> [Double] {
        var values: [Double] = []
        for p in model.parameters { values += p.value.scalars.map(Double.init) }
        for (_, tensor) in model.namedBuffers { values += tensor.scalars.map(Double.init) }
        return values
    }

    /// Writes values laid out as `snapshot()` back into the parameters and buffers.
    func restore(_ values: [Double]) {
        var offset = 0
        for p in model.parameters {
            let count = p.value.count
            p.value = Tensor(shape: p.value.shape, scalars: values[offset..<(offset + count)].map(Float.init))
            offset += count
        }
        for (name, tensor) in model.namedBuffers {
            let count = tensor.count
            _ = model.setBuffer(name, to: Tensor(shape: tensor.shape, scalars: values[offset..<(offset + count)].map(Float.init)))
            offset += count
        }
    }
}
