import Foundation

/// One training run of a paper experiment.
public struct PaperRun: Sendable {
    /// Test accuracy after the last epoch.
    public var testAccuracy: Double
    /// Test accuracy after each epoch (when the recipe evaluates every epoch).
    public var curve: [Double]
    /// Mean training loss of the last epoch.
    public var finalLoss: Double
    /// Wall time of training (without evaluation), seconds.
    public var trainSeconds: Double
    /// Mean wall time of one training epoch, seconds.
    public var epochSeconds: Double
    /// Epochs (L-BFGS: iterations) actually run; fewer than asked when L-BFGS converged.
    public var epochsRun: Int = 0
}

/// The papers' training loops: full- or mini-batch, Adam (optionally element-wise clipped
/// with the 0.99^(step/100) decay, or cosine-decayed), Nesterov SGD or full-batch L-BFGS,
/// softmax cross-entropy or the (weighted) fidelity cost.
public enum PaperTraining {
    /// Loss of `model` on a batch.
    public static func loss(_ output: Variable<Float>, labels: [Int], kind: PaperLoss) -> Variable<Float> {
        switch kind {
        case .softmaxCrossEntropy: return softmaxCrossEntropy(output, labels: labels)
        case .weightedFidelity:
            return weightedFidelityCost(output, labels: labels, ideal: PaperModels.idealFidelities(classes: output.shape[1]))
        case .fidelity, .fidelityAmplitude:
            let (n, c) = (output.shape[0], output.shape[1])
            var mask = [Float](repeating: 0, count: n * c)
            for (i, y) in labels.enumerated() { mask[i * c + y] = 1 }
            let target = (output * Tensor(shape: [n, c], scalars: mask)).sum(axes: [1])
            // √F has an infinite slope at F = 0; the 10⁻¹² keeps a sample sitting exactly on the
            // wrong pole from producing NaN (its weight gradient is 0 there anyway).
            return 1 - (kind == .fidelity ? target : (target + Float(1e-12)).sqrt()).sum() * (1 / Float(n))
        }
    }

    /// Test accuracy of `model` (arg-max of its outputs), evaluated in chunks of 2,000.
    public static func accuracy(_ model: Sequential<Float>, _ data: LabeledData) -> Double {
        var correct = 0.0
        for start in stride(from: 0, to: data.count, by: 2000) {
            let end = Swift.min(start + 2000, data.count), f = data.features.count / Swift.max(data.count, 1)
            let x = Tensor(shape: [end - start, f], scalars: Array(data.features.scalars[(start * f)..<(end * f)]))
            correct += Double(end - start) * NeuralNetworks.accuracy(model(x), labels: Array(data.labels[start..<end]))
        }
        return correct / Double(Swift.max(data.count, 1))
    }

    /// Builds the recipe's model from `seed` and trains it. With `recipe.restarts` > 1, that
    /// many initialisations (seeds seed, seed+1, …) are first trained `restartEpochs` each, and
    /// the one with the lowest training loss (never the test data) continues for the remaining
    /// epochs; with `restartEpochs` ≥ `epochs` each start is trained fully and the best is kept.
    public static func run(_ recipe: PaperRecipe, seed: UInt64, train: LabeledData, test: LabeledData,
                           onEpoch: (Int, Double, Double?) -> Void = { _, _, _ in }) throws -> (model: Sequential<Float>, run: PaperRun) {
        guard recipe.restarts > 1, recipe.restartEpochs > 0 else {
            let model = try recipe.makeModel(seed: seed)
            return (model, Self.train(model, recipe: recipe, train: train, test: test, seed: seed, onEpoch: onEpoch))
        }
        var short = recipe
        short.epochs = Swift.min(recipe.restartEpochs, recipe.epochs); short.evaluateEveryEpoch = false
        var best: (model: Sequential<Float>, run: PaperRun)?
        var seconds = 0.0, epochs = 0
        for r in 0..<UInt64(recipe.restarts) {
            let model = try recipe.makeModel(seed: seed &+ r)
            let run = Self.train(model, recipe: short, train: train, test: test, seed: seed &+ r)
            seconds += run.trainSeconds; epochs += run.epochsRun
            if best == nil || run.finalLoss < best!.run.finalLoss { best = (model, run) }
        }
        if recipe.restartEpochs >= recipe.epochs {
            var run = best!.run
            run.trainSeconds = seconds; run.epochSeconds = seconds / Double(Swift.max(epochs, 1))
            onEpoch(run.epochsRun, run.finalLoss, run.testAccuracy)
            return (best!.model, run)
        }
        var rest = recipe
        rest.epochs = recipe.epochs - recipe.restartEpochs
        var run = Self.train(best!.model, recipe: rest, train: train, test: test, seed: seed, onEpoch: onEpoch)
        run.trainSeconds += seconds; run.epochsRun += epochs
        run.epochSeconds = run.trainSeconds / Double(Swift.max(run.epochsRun, 1))
        return (best!.model, run)
    }

    /// Trains `model` with `recipe`'s optimiser and batches (shuffled per epoch from `seed`);
    /// `onEpoch(epoch, loss, testAccuracy?)` after every epoch. Returns the run's numbers.
    public static func train(_ model: Sequential<Float>, recipe: PaperRecipe, train: LabeledData, test: LabeledData, seed: UInt64,
                             onEpoch: (Int, Double, Double?) -> Void = { _, _, _ in }) -> PaperRun {
        if recipe.optimizer == "lbfgs" { return trainLBFGS(model, recipe: recipe, train: train, test: test, onEpoch: onEpoch) }
        let parameters = model.parameters
        let optimizer: any Optimizer<Float> = recipe.optimizer == "nesterov"
            ? SGD(parameters, learningRate: recipe.learningRate, momentum: 0.9, nesterov: true)
            : Adam(parameters, learningRate: recipe.learningRate)
        let batch = Swift.min(recipe.batchSize, train.count), f = train.features.count / Swift.max(train.count, 1)
        let stepsPerEpoch = (train.count + batch - 1) / batch
        let epochs = recipe.steps.map { ($0 + stepsPerEpoch - 1) / stepsPerEpoch } ?? recipe.epochs
        let totalSteps = recipe.steps ?? epochs * stepsPerEpoch
        var rng = RandomGenerator(seed: seed ^ 0xBA7C4)
        var step = 0, curve: [Double] = [], lastLoss = 0.0, trainSeconds = 0.0, epochsRun = 0
        epochLoop: for epoch in 1...epochs {
            let start = Date()
            let order = batch == train.count ? Array(0..<train.count) : rng.permutation(train.count)
            var lossSum = 0.0, seen = 0
            for b in 0..<stepsPerEpoch {
                if step >= totalSteps { break }
                let idx = Array(order[(b * batch)..<Swift.min((b + 1) * batch, train.count)])
                var xs = [Float](); xs.reserveCapacity(idx.count * f)
                train.features.scalars.withUnsafeBufferPointer { p in for i in idx { xs.append(contentsOf: p[(i * f)..<((i + 1) * f)]) } }
                let x = Variable(Tensor(shape: [idx.count, f], scalars: xs)), labels = idx.map { train.labels[$0] }
                optimizer.learningRate = switch recipe.optimizer {
                case "adam-clip-decay": recipe.learningRate * pow(0.99, Double(step) / 100)
                case "adam-cosine": recipe.learningRate * 0.5 * (1 + cos(Double.pi * Double(step) / Double(Swift.max(totalSteps, 1))))
                default: recipe.learningRate
                }
                optimizer.zeroGrad()
                let l = loss(model(x), labels: labels, kind: recipe.loss)
                l.backward()
                if recipe.optimizer == "adam-clip-decay" { clipGradients(parameters, maxValue: 1) }
                optimizer.step()
                step += 1
                lossSum += Double(l.value.scalar) * Double(idx.count); seen += idx.count
            }
            trainSeconds += Date().timeIntervalSince(start)
            epochsRun = epoch
            lastLoss = lossSum / Double(Swift.max(seen, 1))
            let acc: Double? = recipe.evaluateEveryEpoch || epoch == epochs ? accuracy(model, test) : nil
            if let acc { curve.append(acc) }
            onEpoch(epoch, lastLoss, acc)
            if step >= totalSteps { break epochLoop }
        }
        return PaperRun(testAccuracy: curve.last ?? accuracy(model, test), curve: curve, finalLoss: lastLoss,
                        trainSeconds: trainSeconds, epochSeconds: trainSeconds / Double(Swift.max(epochsRun, 1)), epochsRun: epochsRun)
    }
}
