import Foundation
import Plotting
import QML

/// Federated learning of a hybrid quantum classifier (the federated paper of papers.md Part D:
/// Daskin, "Federated learning with distributed fixed-design quantum chips and quantum
/// channels", arXiv 2401.13421), as the classical protocol it builds on: FedAvg and weighted
/// FedAvg (`FederatedAveraging`) of a dressed 4-qubit circuit on digits 0–7, against the same
/// model trained on all the data in one place.
public enum FederatedPaper {
    /// 64 pixels → 4 (tanh) → RY(π·x) encoding and 2 basic-entangler layers on 4 qubits, ⟨Zᵢ⟩
    /// of each → 8 classes. Seeded.
    public static func model(seed: UInt64) throws -> Sequential<Float> {
        var rng = RandomGenerator(seed: seed)
        let circuit = Encoders.angle(features: 4, axis: .y, scale: .pi) + Templates.basicEntangler(qubits: 4, layers: 2)
        let readout = QuantumReadout.expectations((0..<4).map { Observable.z($0) })
        return Sequential([
            Linear<Float>(64, 4, rng: &rng), Activation<Float>(.tanh),
            try QuantumLayer<Float>(circuit, readout: readout, seed: seed &+ 1),
            Linear<Float>(4, 8, rng: &rng),
        ])
    }

    /// One federated configuration of the table.
    struct Setup {
        let label: String
        let partition: ClientPartition
        let weighting: FederatedWeighting
    }

    static let setups = [
        Setup(label: "FedAvg, IID equal shards", partition: .iid(unbalanced: false), weighting: .uniform),
        Setup(label: "weighted FedAvg, IID unequal shards", partition: .iid(unbalanced: true), weighting: .samples),
        Setup(label: "FedAvg, IID unequal shards", partition: .iid(unbalanced: true), weighting: .uniform),
        Setup(label: "weighted FedAvg, non-IID (2 classes per client)", partition: .byClass(classesPerClient: 2),
              weighting: .samples),
    ]

    /// Clients, rounds, local epochs, batch and rate of a run.
    struct Plan {
        var clients = 8
        var rounds: Int
        var localEpochs = 2
        var batchSize = 16
        var learningRate = 0.01
    }

    static let reproduction = Reproduction(
        name: "federated",
        paper: PaperReference(title: "Federated learning with distributed fixed-design quantum chips and quantum channels",
                              arxiv: "2401.13421", citation: "Daskin 2024"),
        summary: "FedAvg and weighted FedAvg of a hybrid 4-qubit classifier over 8 clients (IID and non-IID shards of "
            + "digits 0–7) against centralised training; clients spread over MPI ranks with reproduce --distributed",
        quickForm: "40 rounds (centralised: 80 epochs) instead of 100 (200), one seed",
        datasets: ["digits"], seeds: (full: 3, quick: 1)
    ) { context in
        let plan = Plan(rounds: context.quick ? 40 : 100)
        let settings = ClassifierSettings(model: "federated", dataset: "digits", classes: Array(0..<8), trainSize: nil,
                                          testSize: nil, epochs: plan.rounds * plan.localEpochs, batchSize: plan.batchSize,
                                          learningRate: plan.learningRate, optimizer: .adam)
        let (trainSplit, testSplit) = try ClassifierData.select(settings, dataDir: context.dataDir, seed: 0)
        let train = LabeledData(features: ImageTransforms.flatten(trainSplit.features), labels: trainSplit.labels)
        let test = LabeledData(features: ImageTransforms.flatten(testSplit.features), labels: testSplit.labels)
        let collective = context.collective ?? SingleProcess()
        var result = ReproductionResult()
        var curves = LinePlot(title: "Federated vs centralised, digits 0–7", xLabel: "round (centralised: epoch / 2)",
                              yLabel: "test accuracy")
        let centralised = try context.overSeeds("centralised (all data in one place)", metric: "test accuracy",
                                                reported: Reported("federated ≈ centralised (claim)", source: "abstract")) { seed in
            try centralisedRun(plan, train: train, test: test, seed: seed)
        }
        context.log(String(format: "centralised: %.2f %%", centralised.row.value))
        result.rows.append(centralised.row)
        curves.add("centralised", y: centralised.curve)
        for setup in setups {
            let run = try context.overSeeds(setup.label, metric: "test accuracy",
                                            reported: Reported("—", source: "no number in the paper")) { seed in
                try federatedRun(setup, plan, train: train, test: test, seed: seed, collective: collective)
            }
            context.log(String(format: "%@: %.2f %%", setup.label, run.row.value))
            result.rows.append(run.row)
            curves.add(setup.label, y: run.curve)
        }
        result.plots.append(curves)
        result.notes += notes(plan, train: train, test: test, centralised: centralised.row.value, rows: result.rows)
        return result
    }

    /// The model trained on all training samples for rounds × local epochs epochs (as many
    /// passes over each sample as a federated client makes), Adam, the plan's batch.
    static func centralisedRun(_ plan: Plan, train: LabeledData, test: LabeledData, seed: UInt64) throws -> SeedRun {
        let start = Date()
        let model = try model(seed: seed)
        let trainer = Trainer(model: model, optimizer: Adam(model.parameters, learningRate: plan.learningRate),
                              batchSize: plan.batchSize, seed: seed)
        var curve: [Double] = []
        for epoch in 1...(plan.rounds * plan.localEpochs) {
            trainer.trainEpoch(train) { _, _ in true }
            if epoch % plan.localEpochs == 0 { curve.append(100 * evaluate(model, test).metrics.accuracy) }
        }
        return SeedRun(value: curve.last ?? .nan, seconds: Date().timeIntervalSince(start), curve: curve)
    }

    /// One federated run: shards from the seed, clients from the same initial model.
    static func federatedRun(_ setup: Setup, _ plan: Plan, train: LabeledData, test: LabeledData, seed: UInt64,
                             collective: any Collective) throws -> SeedRun {
        let start = Date()
        let shards = setup.partition.shards(labels: train.labels, clients: plan.clients, seed: seed &+ 11)
        let clients = shards.map { train.subset($0) }
        let settings = FederatedSettings(rounds: plan.rounds, localEpochs: plan.localEpochs, batchSize: plan.batchSize,
                                         weighting: setup.weighting, seed: seed)
        let federation = FederatedAveraging(model: try model(seed: seed), settings: settings, collective: collective) {
            Adam($0, learningRate: plan.learningRate)
        }
        let rounds = federation.train(clients: clients, test: test)
        let curve = rounds.map { 100 * $0.testAccuracy }
        return SeedRun(value: curve.last ?? .nan, seconds: Date().timeIntervalSince(start), curve: curve)
    }

    static func notes(_ plan: Plan, train: LabeledData, test: LabeledData, centralised: Double, rows: [ResultRow]) -> [String] {
        let iid = rows.first { $0.label.hasPrefix("FedAvg, IID equal") }?.value ?? .nan
        return [
            "The paper sends the model and gradients as quantum states between fixed-design chips; its digest gives no "
                + "numbers. Reproduced here is the classical protocol it builds on, with a hybrid quantum client model: "
                + "Linear 64→4, tanh, RY(π·x) on 4 qubits, 2 basic-entangler layers, ⟨Z⟩ of each, Linear 4→8.",
            "Digits 0–7: \(train.count) training and \(test.count) test samples; \(plan.clients) clients, "
                + "\(plan.rounds) rounds of \(plan.localEpochs) local epochs, batch \(plan.batchSize), Adam "
                + "\(plan.learningRate) restarted per client and round; centralised: \(plan.rounds * plan.localEpochs) "
                + "epochs of the same model.",
            String(format: "IID FedAvg − centralised: %+.2f points (the issue asks for at most 2 below).", iid - centralised),
        ]
    }
}

extension Reproduction {
    static let federated = FederatedPaper.reproduction
}
