extension Trainer {
    /// The full-batch path for variational optimisers: minimises the trainer's `loss` over all
    /// of `data` as a function of the optimizer's parameters with `minimizer` (COBYLA, SPSA,
    /// AQGD, …); the model is left at the best point found. `state.epoch` counts the minimiser's
    /// iterations; `onIteration(iteration, loss)` sees each. Batch size, schedule, optimizer
    /// and gradient transforms play no part.
    @discardableResult
    public func minimize(_ data: LabeledData, with minimizer: any Minimizer,
                         onIteration: (Int, Double) -> Void = { _, _ in }) throws -> Minimization {
        let parameters = optimizer.parameters
        let objective = Objective.parameters(parameters, loss: fullBatchLoss(data))
        let result = try minimizer.minimize(objective, from: Objective.values(of: parameters)) { iteration, value in
            self.state.epoch += 1
            self.state.step += 1
            onIteration(iteration, value)
        }
        Objective.assign(result.x, to: parameters)
        return result
    }
}
