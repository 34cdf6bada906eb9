import Foundation

extension Trainer {
    /// The full-batch path: minimises the trainer's `loss` over all of `data` with L-BFGS
    /// (`LBFGS`, scipy's defaults) for at most `maxIterations` iterations. `onIteration` sees
    /// every accepted iterate (the model holds it). Batch size, schedule, optimizer and
    /// gradient transforms play no part (the line search needs the true gradient);
    /// `state.epoch` and `state.step` count iterations. Deterministic: nothing is drawn. Regression
    /// data (with targets) takes a regression loss.
    @discardableResult
    public func minimizeLBFGS(_ data: LabeledData, maxIterations: Int,
                              onIteration: (LBFGSIteration) -> Void = { _ in }) -> LBFGSResult {
        let solver = LBFGS(optimizer.parameters, maxIterations: maxIterations)
        return solver.minimize(onIteration: { step in
            self.state.epoch += 1
            self.state.step += 1
            onIteration(step)
        }, fullBatchLoss(data))
    }

    /// The trainer's loss over all of `data` as a closure of the current parameters (the model
    /// set to training; regression data, with targets, takes a regression loss).
    func fullBatchLoss(_ data: LabeledData) -> () -> Variable<Scalar> {
        model.isTraining = true
        let x = Variable(Tensor<Scalar>(converting: data.features))
        let targets = data.targets.map { Tensor<Scalar>(converting: $0) }
        return {
            guard let targets else { return self.loss(self.model(x), labels: data.labels) }
            return self.loss(self.model(x), targets: targets)
        }
    }
}
