import Foundation
import NeuralNetworks

extension TrainConfig {
    /// The first setting out of the ranges `quanta train` accepts, as "field 'batchSize' = 0 is
    /// not in 1...1000000", or nil.
    public var problem: String? {
        func field(_ name: String, _ value: Any, _ range: String) -> String {
            "field '\(name)' = \(value) is not in \(range)"
        }
        if !(1...100_000).contains(epochs) { return field("epochs", epochs, "1...100000") }
        if !(1...1_000_000).contains(batchSize) { return field("batchSize", batchSize, "1...1000000") }
        if !(learningRate.isFinite && learningRate > 0 && learningRate <= 1e3) { return field("learningRate", learningRate, "(0, 1000]") }
        if !Self.optimizers.contains(optimizer) { return field("optimizer", optimizer, Self.optimizers.joined(separator: "|")) }
        if !Self.schedules.contains(schedule) { return field("schedule", schedule, Self.schedules.joined(separator: "|")) }
        if !(weightDecay.isFinite && (0...10).contains(weightDecay)) { return field("weightDecay", weightDecay, "0...10") }
        if !(0...100_000).contains(warmup) { return field("warmup", warmup, "0...100000") }
        if !(labelSmoothing.isFinite && (0...0.99).contains(labelSmoothing)) { return field("labelSmoothing", labelSmoothing, "0...0.99") }
        if let clipNorm, !(clipNorm.isFinite && clipNorm > 0) { return field("clipNorm", clipNorm, "positive numbers") }
        if let patience, patience < 1 { return field("patience", patience, "1...") }
        if !(testFraction.isFinite && (0.01...0.9).contains(testFraction)) { return field("testFraction", testFraction, "0.01...0.9") }
        if !(validationFraction.isFinite && (0...0.9).contains(validationFraction)) {
            return field("validationFraction", validationFraction, "0...0.9")
        }
        if let task, !Self.tasks.contains(task) { return field("task", task, Self.tasks.joined(separator: "|")) }
        if task == "forecast" && window == nil { return "field 'window' is missing for task forecast" }
        if let window, !(1...100_000).contains(window) { return field("window", window, "1...100000") }
        if let horizon, !(1...100_000).contains(horizon) { return field("horizon", horizon, "1...100000") }
        if let qubits, !(1...12).contains(qubits) { return field("qubits", qubits, "1...12") }
        if let circuitLayers, !(1...64).contains(circuitLayers) { return field("circuitLayers", circuitLayers, "1...64") }
        if let adversarial, (try? AdversarialTraining.attack(adversarial)) == nil {
            return field("adversarial", adversarial, "fgsm:ε | pgd:ε[:steps[:linf|l2]]")
        }
        if let scheduleEpochs, !(1...epochs).contains(scheduleEpochs) {
            return field("scheduleEpochs", scheduleEpochs, "1...\(epochs)")
        }
        return nil
    }
}
