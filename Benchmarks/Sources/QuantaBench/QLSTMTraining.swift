import Foundation
import Quanta

/// QLSTM training (issue #18): one epoch of `--model qlstm --qubits 4 --layers 1` (hidden 4)
/// on the damped pendulum's angular velocity, windows of 4 predicting the 5th, the first 67 %
/// of the windows (157), batch 10 (16 steps), MSE, RMSprop 0.01 — as peers/qlstm.py trains the
/// same model in PennyLane with PyTorch. One warm-up epoch, then `samples` epochs, median s/epoch.
extension Workload {
    static let qlstm = Workload(
        name: "qlstm", reference: "A4",
        summary: "QLSTM training epoch (4 qubits, 1 layer, pendulum, window 4, batch 10, RMSprop), s/epoch"
    ) { bench in
        var config = TrainConfig(model: "qlstm", dataset: "pendulum")
        config.task = "forecast"
        config.window = 4
        config.batchSize = 10
        config.optimizer = "rmsprop"
        config.learningRate = 0.01
        config.schedule = "constant"
        config.testFraction = 0.33
        config.validationFraction = 0
        config.qubits = 4
        config.circuitLayers = 1
        let data = try config.prepareData(dataDir: nil)
        let spec = config.spec(for: data)
        let model = try config.makeModel(spec)
        let trainer = config.makeTrainer(model, trainCount: data.train.count, regression: true)
        let first = try trainer.trainEpoch(data.train)?.loss ?? .nan
        var seconds: [Double] = []
        for _ in 0..<bench.samples(3) {
            let start = Date()
            _ = try trainer.trainEpoch(data.train)
            seconds.append(Date().timeIntervalSince(start))
        }
        bench.emit(case: "pendulum window=4", unit: "s/epoch", stats: Stats(seconds),
                   ["impl": .string("quanta"), "windows": .int(data.train.count), "parameters": .int(model.parameterCount),
                    "check_loss_epoch0": .double(first)])
    }
}
