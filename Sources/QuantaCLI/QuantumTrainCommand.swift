import Foundation
import Quanta

/// `quanta train --model hamemb|qcnn|qcnn-hur|reupload-1q`: the paper models with the paper's
/// settings as defaults (classes, splits, optimiser, epochs); `--qubits --layers --epochs
/// --batch-size --lr --train-size --test-size --seed` override them. Pixels are fed as the
/// papers do (scaled to [0, 1], padded), not standardised like the classical models' inputs.
enum QuantumTrain {
    static let recipeKey = "quanta.recipe"

    /// The recipe `args` ask for: the paper defaults for (model, dataset), then overrides.
    static func recipe(_ args: Arguments) throws -> PaperRecipe {
        let model = try args.choice("model", default: "hamemb", from: PaperRecipe.models)
        var recipe: PaperRecipe
        do { recipe = try PaperRecipe.defaults(model: model, dataset: args.string("dataset")) } catch let error as QMLError {
            throw UsageError(error.description)
        }
        recipe.qubits = try args.int("qubits", default: recipe.qubits, in: 1...10)
        recipe.layers = try args.int("layers", default: recipe.layers, in: 1...1000)
        recipe.epochs = try args.int("epochs", default: recipe.epochs, in: 1...100_000)
        if args.string("epochs") != nil { recipe.steps = nil }
        recipe.batchSize = try args.int("batch-size", default: recipe.batchSize, in: 1...1_000_000)
        recipe.learningRate = try args.double("lr", default: recipe.learningRate, in: 1e-12...100)
        if args.string("train-size") != nil { recipe.trainSize = try args.int("train-size", default: 0, in: 1...10_000_000) }
        if args.string("test-size") != nil { recipe.testSize = try args.int("test-size", default: 0, in: 1...10_000_000) }
        recipe.optimizer = try args.choice("optimizer", default: recipe.optimizer, from: PaperRecipe.optimizers)
        recipe.cost = try args.choice("cost", default: recipe.cost, from: PaperRecipe.costs)
        if args.string("cost") != nil && recipe.model != "reupload-1q" { throw UsageError("--cost is for --model reupload-1q") }
        let ignored = ["weight-decay", "schedule", "warmup", "label-smoothing", "clip-norm", "patience", "test-fraction",
                       "validation-fraction", "hidden", "channels", "checkpoint-every", "metrics-out"].filter { args.string($0) != nil }
        if let first = ignored.first {
            throw UsageError("--\(first) is for the classical models; the quantum paper models take --qubits --layers --epochs "
                + "--batch-size --lr --optimizer --train-size --test-size --seed (and --cost for reupload-1q)")
        }
        if recipe.model == "hamemb" && args.string("qubits") != nil && args.string("dataset") == nil && recipe.qubits != 3 {
            throw UsageError("hamemb with \(recipe.qubits) qubits needs 2^\(recipe.qubits)-pixel images: pass --dataset mnist or fashion-mnist")
        }
        return recipe
    }

    static func run(_ args: Arguments, io: Console) throws -> Int32 {
        guard args.string("resume") == nil else { throw UsageError("--resume is not supported for the quantum paper models yet") }
        let recipe = try recipe(args)
        let seed = try args.seed()
        let (train, test) = try PaperData.prepare(recipe, dataDir: args.string("data-dir").map { URL(fileURLWithPath: $0) }, seed: seed)
        do { _ = try recipe.makeModel(seed: 0) } catch let error as QMLError { throw UsageError(error.description) }
        io.err("\(recipe.model) \(recipe.qubits) qubits, \(recipe.layers) layers (\(try recipe.makeModel(seed: 0).parameterCount) parameters) on \(recipe.dataset) "
            + "classes \(recipe.classes): \(train.count) train, \(test.count) test; \(recipe.optimizer) lr \(recipe.learningRate), "
            + "batch \(recipe.batchSize), \(recipe.steps.map { "\($0) steps" } ?? "\(recipe.epochs) epochs")")
        let saveURL = args.string("save").map { URL(fileURLWithPath: $0) }
        let every = Swift.max(1, recipe.epochs / 20)
        let (model, run) = try PaperTraining.run(recipe, seed: seed &+ 1701, train: train, test: test) { epoch, loss, acc in
            if epoch % every == 0 || epoch == 1 || epoch == recipe.epochs {
                io.err(String(format: "epoch %d  loss %.4f%@", epoch, loss, acc.map { String(format: "  test accuracy %.2f%%", 100 * $0) } ?? ""))
            }
        }
        if let saveURL {
            let spec = ModelSpec(name: recipe.model, inputShape: Array(train.features.shape.dropFirst()), classes: recipe.classes.count,
                                 hidden: nil, channels: nil, seed: seed, dataset: recipe.dataset, normalization: nil)
            let metadata = try ModelCatalog.metadata(for: spec).merging(
                [recipeKey: String(decoding: try JSONEncoder().encode(recipe), as: UTF8.self)]) { $1 }
            try Checkpoint.save(model: model, metadata: metadata, to: saveURL)
        }
        io.out(String(format: "test accuracy %.2f%%  (%@ epochs, %.1f s training, %.2f s/epoch)", 100 * run.testAccuracy,
                      recipe.steps.map { "\($0) steps ≈ \(run.curve.count)" } ?? "\(recipe.epochs)", run.trainSeconds, run.epochSeconds))
        if args.flag("json") {
            io.out(try JSONLineText.encode([
                "model": recipe.model, "dataset": recipe.dataset, "test_accuracy": run.testAccuracy, "parameters": model.parameterCount,
                "epochs": recipe.epochs, "train_seconds": run.trainSeconds, "epoch_seconds": run.epochSeconds,
                "test_accuracy_per_epoch": run.curve, "qubits": recipe.qubits, "layers": recipe.layers,
            ]))
        }
        return 0
    }

    /// The recipe stored in a quantum checkpoint.
    static func storedRecipe(_ metadata: [String: String], file: String) throws -> PaperRecipe {
        guard let json = metadata[recipeKey], let recipe = try? JSONDecoder().decode(PaperRecipe.self, from: Data(json.utf8)) else {
            throw SafeTensorsError(file: file, problem: "no readable \(recipeKey) metadata: not a quantum checkpoint written by quanta train")
        }
        return recipe
    }
}
