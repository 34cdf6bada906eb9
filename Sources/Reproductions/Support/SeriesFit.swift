import Foundation
import NeuralNetworks

/// One model fitted to windows by mean squared error with RMSprop (the recurrent-network
/// papers' recipe), every epoch scored on the validation and test windows.
struct SeriesFit {
    /// Training loss, validation MSE (when there is a validation part) and test MSE per epoch.
    var trainCurve: [Double] = []
    var validationCurve: [Double] = []
    var testCurve: [Double] = []
    /// The epoch (1-based) of the lowest validation MSE, or the last one without validation.
    var bestEpoch = 0
    /// Test MSE and predictions at `bestEpoch`.
    var testMSE = Double.nan
    var testPredictions: [Float] = []
    var seconds = 0.0

    /// Fits `model` for `epochs` (batches in a seeded random order, or in order without `shuffles`);
    /// `seconds` is the training time (scoring excluded).
    static func fit(_ model: any Layer<Float>, train: LabeledData, validation: LabeledData?, test: LabeledData, epochs: Int,
                    batchSize: Int = 10, learningRate: Double = 0.01, shuffles: Bool = true, seed: UInt64) throws -> SeriesFit {
        let trainer = Trainer(model: model, optimizer: RMSprop(model.parameters, learningRate: learningRate), batchSize: batchSize,
                              seed: seed)
        trainer.loss = .meanSquaredError()
        trainer.shuffles = shuffles
        var fit = SeriesFit()
        var best = Double.infinity
        for epoch in 1...epochs {
            let start = Date()
            let metrics = try trainer.trainEpoch(train)
            fit.seconds += Date().timeIntervalSince(start)
            fit.trainCurve.append(metrics?.loss ?? .nan)
            let (testMSE, predictions) = score(model, test)
            fit.testCurve.append(testMSE)
            let selection = validation.map { score(model, $0).mse } ?? (epoch == epochs ? -Double.infinity : .infinity)
            if validation != nil { fit.validationCurve.append(selection) }
            if selection < best {
                best = selection
                (fit.bestEpoch, fit.testMSE, fit.testPredictions) = (epoch, testMSE, predictions)
            }
        }
        return fit
    }

    /// Mean squared error of `model` on `data` and its predictions (evaluation mode).
    static func score(_ model: any Layer<Float>, _ data: LabeledData) -> (mse: Double, predictions: [Float]) {
        let wasTraining = model.isTraining
        model.isTraining = false
        defer { model.isTraining = wasTraining }
        let output = model(data.features)
        return (RidgeRegression.meanSquaredError(output, data.targets!), output.scalars)
    }
}
