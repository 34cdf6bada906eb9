import Foundation

extension PaperTraining {
    /// Full-batch L-BFGS (`LBFGS`, history 10, scipy's default tolerances) on the recipe's loss,
    /// as Pérez-Salinas et al. train with scipy's L-BFGS-B: at most `recipe.epochs` iterations,
    /// each reported to `onEpoch` (and the curve) as one epoch; it stops earlier once converged.
    /// Batch size, learning rate and the data order play no part.
    static func trainLBFGS(_ model: Sequential<Float>, recipe: PaperRecipe, train: LabeledData, test: LabeledData,
                           onEpoch: (Int, Double, Double?) -> Void) -> PaperRun {
        let f = train.features.count / Swift.max(train.count, 1)
        let x = Variable(Tensor(shape: [train.count, f], scalars: train.features.scalars)), labels = train.labels
        let solver = LBFGS(model.parameters, maxIterations: recipe.epochs)
        var curve: [Double] = [], evaluationSeconds = 0.0, lastAccuracy: Double?
        let start = Date()
        let result = solver.minimize(onIteration: { step in
            let t = Date()
            lastAccuracy = recipe.evaluateEveryEpoch ? accuracy(model, test) : nil
            if let lastAccuracy { curve.append(lastAccuracy) }
            evaluationSeconds += Date().timeIntervalSince(t)
            onEpoch(step.iteration, step.loss, lastAccuracy)
        }) { loss(model(x), labels: labels, kind: recipe.loss) }
        let seconds = Date().timeIntervalSince(start) - evaluationSeconds
        if lastAccuracy == nil { curve.append(accuracy(model, test)) }
        return PaperRun(testAccuracy: curve.last!, curve: curve, finalLoss: result.loss,
                        trainSeconds: seconds, epochSeconds: seconds / Double(Swift.max(result.iterations, 1)), epochsRun: result.iterations)
    }
}
