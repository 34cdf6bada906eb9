import Foundation
import Testing
@testable import NeuralNetworks

/// Issue #23: client partitions and federated averaging against hand-made averages.
@Suite struct FederatedAveragingTests {
    static func labels(_ count: Int, classes: Int) -> [Int] { (0..<count).map { ($0 * 7) % classes } }

    @Test(arguments: [ClientPartition.iid(unbalanced: false), .iid(unbalanced: true), .byClass(classesPerClient: 2)])
    func partitionsAreDisjointAndCoverEverySample(partition: ClientPartition) {
        let labels = Self.labels(403, classes: 8)
        let shards = partition.shards(labels: labels, clients: 8, seed: 5)
        #expect(shards.count == 8 && shards.allSatisfy { !$0.isEmpty })
        #expect(shards.flatMap { $0 }.sorted() == Array(0..<403))
        #expect(partition.shards(labels: labels, clients: 8, seed: 5) == shards)
    }

    @Test func byClassClientsSeeFewClassesAndEqualIIDShardsAreEqual() {
        let labels = Self.labels(800, classes: 8)
        let byClass = ClientPartition.byClass(classesPerClient: 2).shards(labels: labels, clients: 8, seed: 1)
        #expect(byClass.allSatisfy { Set($0.map { labels[$0] }).count <= 2 })
        let equal = ClientPartition.iid(unbalanced: false).shards(labels: labels, clients: 8, seed: 1)
        #expect(Set(equal.map(\.count)) == [100])
        let unequal = ClientPartition.iid(unbalanced: true).shards(labels: labels, clients: 8, seed: 1)
        #expect(Set(unequal.map(\.count)).count > 1)
    }

    static func model(seed: UInt64) -> Sequential<Float> {
        var rng = RandomGenerator(seed: seed)
        return Sequential<Float>(Linear(5, 6, rng: &rng), Activation(.tanh), Linear(6, 3, rng: &rng))
    }

    static func clients() -> [LabeledData] {
        var rng = RandomGenerator(seed: 8)
        return [12, 20].map { n in
            let x = Tensor<Float>.normal([n, 5], rng: &rng)
            return LabeledData(features: x, labels: (0..<n).map { x.scalars[5 * $0] > 0 ? 1 : 2 })
        }
    }

    @Test(arguments: [FederatedWeighting.uniform, .samples])
    func oneRoundIsTheWeightedMeanOfTheClientsModels(weighting: FederatedWeighting) throws {
        let clients = Self.clients()
        let settings = FederatedSettings(rounds: 1, localEpochs: 2, batchSize: 4, weighting: weighting, seed: 3)
        let federation = FederatedAveraging(model: Self.model(seed: 1), settings: settings) { SGD($0, learningRate: 0.1) }
        _ = federation.train(clients: clients, test: clients[0])
        // each client by hand: the same start, the same seed, its own model
        var expected = [Double](repeating: 0, count: federation.model.parameterCount)
        var total = 0.0
        for (k, data) in clients.enumerated() {
            let own = FederatedAveraging(model: Self.model(seed: 1), settings: settings) { SGD($0, learningRate: 0.1) }
            _ = own.trainClient(data, round: 1, client: k)
            let weight = weighting == .samples ? Double(data.count) : 1
            for (i, v) in own.snapshot().enumerated() { expected[i] += weight * v }
            total += weight
        }
        let got = federation.snapshot()
        for i in got.indices { #expect(abs(got[i] - expected[i] / total) < 1e-6) }
    }

    @Test func federatedTrainingLearns() {
        let clients = Self.clients()
        let settings = FederatedSettings(rounds: 15, localEpochs: 1, batchSize: 4, seed: 2)
        let federation = FederatedAveraging(model: Self.model(seed: 4), settings: settings) { Adam($0, learningRate: 0.05) }
        let test = LabeledData(features: Tensor.concatenated([clients[0].features, clients[1].features], axis: 0),
                               labels: clients[0].labels + clients[1].labels)
        let rounds = federation.train(clients: clients, test: test)
        #expect(rounds.count == 15 && rounds.last!.testAccuracy > 0.8, "\(rounds.map(\.testAccuracy))")
    }
}
