import Foundation
import Quanta

/// `quanta train`: trains a model on a data set with checkpoints, resume and metrics.
struct TrainCommand: Command {
    let name = "train"
    let summary = "train a model on a data set (checkpoints, --resume, metrics as JSON lines)"
    var help: String {
        """
        Usage: quanta train [--model mlp|cnn|lenet5|hamemb|qcnn|qcnn-hur|reupload-1q] [--dataset NAME] [options]

        Trains a classifier and reports its test accuracy. Data sets without their own test split
        get a seeded stratified --test-fraction; --validation-fraction of the training part is
        held out for per-epoch validation (best model, early stopping).

        Model:
          --model NAME            mlp (default), cnn (3×3 convolutions), lenet5 (images ≥ 16×16)
          --hidden 128,64         mlp hidden widths          --channels N   cnn first-layer channels
        Quantum models (paper settings are the defaults; pixels in [0, 1], not standardised):
          --model hamemb          Hamiltonian-embedding re-uploading classifier (digits: 3 qubits, 15 layers,
                                  500 full-batch epochs, Adam 0.1; mnist/fashion-mnist: 5 qubits, 10 layers,
                                  batch 1000, clipped Adam 0.01·0.99^(step/100), 100 epochs); classes 0-7
          --model qcnn            PennyLane QCNN baseline (amplitude embedding, conv+pool, SU(8) dense)
          --model qcnn-hur        Hur et al. QCNN, 8 qubits, PCA-8, SU(4) convolutions, MNIST 0 vs 1
          --model reupload-1q     Pérez-Salinas 1-qubit re-uploading on the generated circle problem
          --qubits N  --layers N  --train-size N  --test-size N  (and --epochs --batch-size --lr --seed)
          --optimizer adam|adam-clip-decay|adam-cosine|nesterov|lbfgs   (default: the paper's)
          --cost weighted-fidelity (reupload-1q default)|fidelity
        Data:
          --dataset NAME          default digits (quanta datasets list)
          --data-dir DIR          data root with one folder per data set (also $QUANTA_DATA)
          --test-fraction F       default 0.2    --validation-fraction F   default 0.05
          Features are standardised with the training part's per-channel (per-feature) mean and std.
        Optimisation:
          --epochs N (10)  --batch-size N (32)  --optimizer adam (default)|adamw|sgd|momentum|nesterov|rmsprop
          --lr X (adam/adamw 0.003, sgd 0.05, momentum/nesterov 0.01, rmsprop 0.001)  --weight-decay X
          --schedule cosine (default)|constant|step|exponential, per step  --warmup EPOCHS
          --label-smoothing X  --clip-norm X  --patience EPOCHS (early stopping)  --seed S  --threads T
        Files:
          --save FILE             checkpoint (safetensors) after every epoch; best model in FILE.best
          --checkpoint-every N    also every N optimizer steps
          --resume FILE           continue the run saved in FILE (same settings; --epochs may grow)
          --metrics-out FILE      one JSON line per epoch (appended)
          --json                  end stdout with one JSON object: test_accuracy, test_loss,
                                  parameters, epochs, train_seconds, per_class_accuracy, confusion

        Example: quanta train --model lenet5 --dataset mnist --epochs 3 --save lenet.safetensors
        """
    }

    static let valueOptions: Set<String> = [
        "model", "dataset", "data-dir", "epochs", "batch-size", "lr", "optimizer", "weight-decay", "schedule", "warmup",
        "label-smoothing", "clip-norm", "patience", "test-fraction", "validation-fraction", "seed", "threads", "hidden",
        "channels", "save", "checkpoint-every", "resume", "metrics-out", "qubits", "layers", "train-size", "test-size", "cost",
    ]

    func run(_ arguments: [String], io: Console) throws -> Int32 {
        let args = try Arguments(arguments, valueOptions: Self.valueOptions, flagOptions: ["json"])
        guard args.positionals.isEmpty else { throw UsageError("unexpected argument '\(args.positionals[0])'") }
        Threading.setThreads(try args.int("threads", default: 1, in: 1...256))
        if let model = args.string("model"), PaperRecipe.models.contains(model) { return try QuantumTrain.run(args, io: io) }
        if let quantumOnly = ["qubits", "layers", "train-size", "test-size", "cost"].first(where: { args.string($0) != nil }) {
            throw UsageError("--\(quantumOnly) is for the quantum models (--model \(PaperRecipe.models.joined(separator: "|")))")
        }
        let resumeURL = args.string("resume").map { URL(fileURLWithPath: $0) }
        var config = try TrainConfig(args)
        var resumeMetadata: [String: String]?
        if let resumeURL {
            let metadata = try Checkpoint.metadata(of: resumeURL)
            let requestedEpochs = args.string("epochs") == nil ? nil : config.epochs
            config = try TrainConfig.stored(in: metadata, file: resumeURL.path)
            config.epochs = requestedEpochs ?? config.epochs
            resumeMetadata = metadata
        }
        let storedSpec = try resumeMetadata.map { try ModelCatalog.spec(in: $0, file: resumeURL!.path) }
        let data = try PreparedData.load(config.dataset, dataDir: args.string("data-dir").map { URL(fileURLWithPath: $0) },
                                         testFraction: config.testFraction, validationFraction: config.validationFraction,
                                         seed: config.seed, normalization: storedSpec?.normalization)
        let spec = storedSpec ?? ModelSpec(name: config.model, inputShape: data.sampleShape, classes: data.classes,
                                           hidden: config.hidden, channels: config.channels, seed: config.seed,
                                           dataset: config.dataset, normalization: data.normalization)
        let model = try ModelCatalog.build(spec)
        let trainer = Trainer(model: model, optimizer: config.makeOptimizer(model.parameters), batchSize: config.batchSize,
                              schedule: config.makeSchedule(stepsPerEpoch: (data.train.count + config.batchSize - 1) / config.batchSize),
                              seed: config.seed)
        trainer.schedulePerStep = true
        trainer.labelSmoothing = config.labelSmoothing
        trainer.maxGradientNorm = config.clipNorm
        if let resumeURL {
            try trainer.resume(from: resumeURL)
            io.err("resumed \(resumeURL.path) at epoch \(trainer.state.epoch), batch \(trainer.state.batchInEpoch)")
        }

        let saveURL = args.string("save").map { URL(fileURLWithPath: $0) } ?? resumeURL
        let metrics = try args.string("metrics-out").map { try MetricsWriter(URL(fileURLWithPath: $0)) }
        let progress = ProgressReporter(io: io, epochs: config.epochs)
        var options = FitOptions(epochs: config.epochs)
        options.validation = data.validation
        options.checkpoint = saveURL
        options.checkpointEverySteps = args.string("checkpoint-every") == nil ? nil : try args.int("checkpoint-every", default: 1, in: 1...Int.max)
        options.earlyStoppingPatience = config.patience
        options.metadata = try config.metadata.merging(ModelCatalog.metadata(for: spec)) { $1 }
        // Test hook: die by SIGKILL after this many optimizer steps (checks crash-safe resume).
        let killAfter = ProcessInfo.processInfo.environment["QUANTA_KILL_AFTER_STEPS"].flatMap { Int($0) }
        options.onBatch = { epoch, batch, count, loss in
            progress.batch(epoch: epoch, batch: batch, count: count, loss: loss)
            if let killAfter, trainer.state.step >= killAfter { kill(getpid(), SIGKILL) }
        }
        options.onEpoch = { record in
            progress.epoch(record)
            try metrics?.write(record)
        }
        io.err("\(spec.name) (\(model.parameterCount) parameters) on \(data.info.name): \(data.train.count) train, "
            + "\(data.validation?.count ?? 0) validation, \(data.test.count) test samples")
        let start = Date()
        try trainer.fit(data.train, options: options)
        let seconds = Date().timeIntervalSince(start)

        let report = evaluate(model, data.test)
        io.out(String(format: "test accuracy %.2f%%  test loss %.4f  (%d epochs, %.1f s training)",
                      100 * report.metrics.accuracy, report.metrics.loss, trainer.state.epoch, seconds))
        if trainer.state.bestEpoch > 0 {
            io.out(String(format: "best validation accuracy %.2f%% at epoch %d", 100 * trainer.state.bestAccuracy, trainer.state.bestEpoch))
        }
        if args.flag("json") {
            io.out(try JSONLineText.encode([
                "model": spec.name, "dataset": data.info.name, "test_accuracy": report.metrics.accuracy,
                "test_loss": report.metrics.loss, "parameters": model.parameterCount, "epochs": trainer.state.epoch,
                "train_seconds": seconds, "per_class_accuracy": report.perClassAccuracy.map { $0 ?? -1 },
                "confusion": report.confusion, "best_validation_accuracy": trainer.state.bestAccuracy,
                "best_epoch": trainer.state.bestEpoch,
            ]))
        }
        return 0
    }
}
